-- Checks of katas/31_fan_out.lua (format: katas/README.md). Peer 2 starts
-- unconnected, so the first check sees broadcast ask node.list() (peer 1
-- only); the next one connects it.

-- A my_server on node n (this one or a peer) that tells parent each message
-- it gets, as tuple("got", node, msg). Returns once it is registered.
-- (The function travels to n: it uses only its arguments and globals.)
local function my_server_on(n, parent)
  local body = function(parent)
    if whereis("my_server") then exit(whereis("my_server"), "kill"); sleep(10) end
    register("my_server", self())
    send(parent, tuple("ready", node.self()))
    while true do send(parent, tuple("got", node.self(), receive())) end
  end
  if n == node.self() then spawn(body, parent) else node.spawn(n, body, parent) end
  return receive(tuple("ready", n), 1000) ~= nil
end

-- What arrives within ms: node -> how many times msg arrived there.
local function arrivals(msg, ms)
  local seen = {}
  while true do
    local m = receive(tuple("got", ANY, ANY), ms)
    if m == nil then return seen end
    if m[3] == msg then seen[m[2]] = (seen[m[2]] or 0) + 1 end
  end
end

local function expect_once(k, nodes, msg)
  k.call("broadcast", msg)
  local seen = arrivals(msg, 150)
  local want, got = {}, {}
  for _, n in ipairs(nodes) do want[#want + 1] = n .. " once" end
  for n, c in pairs(seen) do got[#got + 1] = n .. (c == 1 and " once" or (" " .. c .. " times")) end
  table.sort(want); table.sort(got)
  return k.same(got, want)
end

return {
  title = "fan-out to all nodes (kata 83, Pattern 2)",
  hint = "for each node of {node.self(), table.unpack(node.list())}: send(tuple(\"my_server\", n), message)",
  cluster = {peers = {{}, {connect = false}}},
  timeout = 1500,
  checks = {
    {
      name = "broadcast(msg) reaches my_server here and on the connected peer, once each",
      hint = "this node is not in node.list(): add node.self() to the list",
      run = function(k)
        if not (my_server_on(node.self(), self()) and my_server_on(k.node(1), self())) then
          return false, "my_server started here and on peer 1", "it did not start"
        end
        return expect_once(k, {node.self(), k.node(1)}, tuple(atom.hello, 1))
      end,
    },
    {
      name = "a node that connects later gets the next broadcast too",
      hint = "call node.list() inside broadcast, not once when the file loads",
      run = function(k)
        if not (my_server_on(node.self(), self()) and my_server_on(k.node(2), self())
                and my_server_on(k.node(1), self())) then
          return false, "my_server started on every node", "it did not start"
        end
        return expect_once(k, {node.self(), k.node(1), k.node(2)}, "second")
      end,
    },
    {
      name = "a node with no my_server does not stop broadcast",
      hint = "send to a {name, node} that names nothing is dropped; go on with the other nodes",
      run = function(k)
        node.spawn(k.node(1), function(parent)
          local p = whereis("my_server")
          if p then exit(p, "kill") end
          send(parent, tuple("gone"))
        end, self())
        if receive(tuple("gone"), 1000) == nil then return false, "peer 1's my_server stopped", "no answer" end
        sleep(20)
        if not (my_server_on(node.self(), self()) and my_server_on(k.node(2), self())) then
          return false, "my_server started here and on peer 2", "it did not start"
        end
        return expect_once(k, {node.self(), k.node(2)}, 3)
      end,
    },
  },
}

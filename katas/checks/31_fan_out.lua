-- Checks of katas/31_fan_out.lua (format: katas/README.md). Peer 2 starts
-- unconnected, so the first check sees broadcast ask node.list() (peer 1
-- only); the next one connects it. Peer 3 is hidden: connected, but not
-- one of node.list(), so the fan-out leaves it out.

-- A my_server on node n (this one or a peer) that tells parent each message
-- it gets, as tuple("got", node, msg). Returns once it is registered.
-- (The function travels to n: it uses only its arguments and globals.)
local function my_server_on(n, parent)
  local body = function(parent)
    local old = whereis("my_server")
    if old then unregister("my_server"); exit(old, "kill") end
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

-- my_server gone from node n (this one or a peer).
local function no_my_server_on(n, parent)
  local body = function(parent)
    local p = whereis("my_server")
    if p then unregister("my_server"); exit(p, "kill") end
    send(parent, tuple("gone", node.self()))
  end
  if n == node.self() then spawn(body, parent) else node.spawn(n, body, parent) end
  return receive(tuple("gone", n), 1000) ~= nil
end

local function all_started(k, which)
  for _, i in ipairs(which) do
    local n = i == 0 and node.self() or k.node(i)
    if not my_server_on(n, self()) then return false end
  end
  return true
end

return {
  title = "fan-out to all nodes (kata 83, Pattern 2)",
  hint = {"One send per node, to the name on that node, this node included.",
          "the nodes are node.self() and node.list(), asked at each call; the destination is tuple(\"my_server\", n)"},
  cluster = {peers = {{}, {connect = false}, {hidden = true}}},
  timeout = 1500,
  checks = {
    {
      name = "broadcast(msg) reaches my_server here and on the connected peer, once each",
      hint = {"every node of the cluster, this one too: is this node in node.list()?",
              "a name sent to alone (send(\"my_server\", m)) is this node's registry only: the destination names the node too",
              "the nodes are node.self() and those of node.list(); send to tuple(\"my_server\", n) for each"},
      run = function(k)
        if not all_started(k, {0, 1}) then return false, "my_server started here and on peer 1", "it did not start" end
        return expect_once(k, {node.self(), k.node(1)}, tuple(atom.hello, math.random(1, 1e9)))
      end,
    },
    {
      name = "a node that connects later gets the next broadcast too",
      hint = {"the cluster changes: which nodes are in it now, at this call?",
              "call node.list() inside broadcast, not once when the file loads"},
      run = function(k)
        node.connect(k.node(2))
        if not all_started(k, {0, 1, 2}) then return false, "my_server started on every node", "it did not start" end
        return expect_once(k, {node.self(), k.node(1), k.node(2)}, "second " .. math.random(1, 1e9))
      end,
    },
    {
      name = "a hidden node is not one of the cluster's nodes: broadcast leaves it out",
      hint = {"visible nodes and hidden ones: which does Node.list() give?",
              "node.list() is the visible nodes (Node.list()); node.list(\"connected\") adds the hidden ones"},
      run = function(k)
        if not all_started(k, {0, 1, 2, 3}) then return false, "my_server started on every node", "it did not start" end
        return expect_once(k, {node.self(), k.node(1), k.node(2)}, "third " .. math.random(1, 1e9))
      end,
    },
    {
      name = "a node with no my_server does not stop broadcast",
      hint = {"a message to a name nobody holds there is dropped: no error, no answer to wait for",
              "send to tuple(\"my_server\", n) for each node; there is no need to look the pid up first"},
      run = function(k)
        if not (no_my_server_on(k.node(1), self()) and all_started(k, {0, 2})) then
          return false, "my_server stopped on peer 1, started here and on peer 2", "that did not happen"
        end
        return expect_once(k, {node.self(), k.node(2)}, math.random(1, 1e9))
      end,
    },
    {
      name = "with no my_server on this node, broadcast still reaches the peers",
      hint = {"this node's own {name, node} is no different: nobody there, the message is dropped",
              "send to tuple(\"my_server\", node.self()) as to the others; do not stop at the first node"},
      run = function(k)
        -- Erlang's {name, node()} ! msg to a free name returns msg; a
        -- build whose send still raises there cannot run this check
        if not pcall(send, tuple("kata_nobody_registered", node.self()), 0) then return true end
        if not (no_my_server_on(node.self(), self()) and all_started(k, {1, 2})) then
          return false, "my_server stopped here, started on peers 1 and 2", "that did not happen"
        end
        return expect_once(k, {k.node(1), k.node(2)}, "fifth " .. math.random(1, 1e9))
      end,
    },
    {
      name = "a node that left (disconnected) gets nothing: broadcast does not bring it back",
      hint = {"the cluster is who is connected now: a node that left is no longer one of it",
              "a send to {name, node} connects to that node first: sending to a node that left brings it back",
              "ask node.list() at each call; do not keep the nodes seen before"},
      run = function(k)
        if not all_started(k, {0, 1, 2}) then return false, "my_server started on every node", "it did not start" end
        k.call("broadcast", "before " .. math.random(1, 1e9))     -- peer 2 is one of the cluster here
        node.disconnect(k.node(2))
        for _ = 1, 50 do
          local there = false
          for _, n in ipairs(node.list()) do there = there or n == k.node(2) end
          if not there then break end
          sleep(10)
        end
        local ok, want, got = expect_once(k, {node.self(), k.node(1)}, "sixth " .. math.random(1, 1e9))
        for _, n in ipairs(node.list()) do
          if n == k.node(2) then return false, k.node(2) .. " still disconnected after broadcast", "broadcast connected it again" end
        end
        return ok, want, got
      end,
    },
  },
}

-- Checks of katas/02_messages_across_nodes.lua (format: katas/README.md).

-- On node n, a process registered as name that forwards to parent each
-- message it gets, as tuple("got", msg). Returns once it is registered.
-- (The function travels to n: it uses only its arguments and globals.)
local function inbox_on(n, name, parent)
  node.spawn(n, function(name, parent)
    register(name, self())
    send(parent, tuple("ready", name))
    while true do send(parent, tuple("got", receive())) end
  end, name, parent)
  return receive(tuple("ready", name), 1000) ~= nil
end

local function sorted(t)
  table.sort(t)
  return t
end

return {
  title = "messages across nodes",
  hint = "Sending to another node is send() with a {name, node} tuple or a remote pid; node.spawn runs a function there.",
  cluster = {peers = 2},
  checks = {
    {
      name = "send_to(name, n, msg) reaches the process registered as name on n",
      hint = "send(tuple(name, n), msg) is Elixir's send({name, node}, msg)",
      run = function(k)
        if not inbox_on(k.node(1), "inbox", self()) then
          return false, "an inbox process on peer 1", "it did not start"
        end
        k.call("send_to", "inbox", k.node(1), tuple(atom.hello, 42))
        local m = receive(tuple("got", ANY), 500)
        if m == nil then return false, "{:hello, 42} at the inbox", "nothing within 500 ms" end
        return k.same(m[2], tuple(atom.hello, 42))
      end,
    },
    {
      name = "messages from send_to arrive in the order they were sent",
      hint = "one send per call: between one pair of processes, order is kept",
      run = function(k)
        if not inbox_on(k.node(2), "inbox2", self()) then
          return false, "an inbox process on peer 2", "it did not start"
        end
        for i = 1, 5 do k.call("send_to", "inbox2", k.node(2), i) end
        local got = {}
        for _ = 1, 5 do
          local m = receive(tuple("got", ANY), 500)
          if m == nil then break end
          got[#got + 1] = m[2]
        end
        return k.same(got, {1, 2, 3, 4, 5})
      end,
    },
    {
      name = "hello_from(n) gets {:hello, n} from a process spawned on n",
      hint = "local caller = self(); node.spawn(n, function() send(caller, ...) end); then receive",
      run = function(k)
        return k.same(k.call("hello_from", k.node(2)), tuple(atom.hello, k.node(2)))
      end,
    },
    {
      name = "everywhere(nodes) hears from every node, this one too",
      hint = "spawn on each node first, then receive as many answers as there are nodes",
      timeout = 2000,
      run = function(k)
        local nodes = {k.node(1), node.self(), k.node(2)}
        return k.same(k.call("everywhere", nodes), sorted({k.node(1), k.node(2), node.self()}))
      end,
    },
  },
}

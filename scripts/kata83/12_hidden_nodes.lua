-- Kata 83 (seed 000_d3057ad8855411e3.txt), hidden nodes: `iex --sname
-- monitor --hidden` is `repl --sname monitor --hidden`. A hidden node is
-- not in others' Node.list(), its own Node.list() is empty (its peers are
-- in Node.list(:hidden)), and connecting to it triggers no
-- auto-connections: useful for monitoring, debugging and admin tools.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: hidden nodes",
  seed = "000_d3057ad8855411e3.txt, Distributed Topology / Hidden Nodes",
  nodes = { "alice", "bob", { name = "monitor", hidden = true } },
  steps = {
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "monitor (hidden) connects to alice.",
      on = "monitor", type = [[node.connect("alice@HOST")]], expect = "true", check = "true" },
    { say = "monitor is not in alice's Node.list()...",
      on = "alice", type = [[node.list()]], expect = [=[["bob@HOST"]]=], check = [=[["bob@HOST"]]=] },
    { say = "A hidden node's connections are all hidden, from its side too: monitor's Node.list() is empty, as on iex --hidden...",
      on = "monitor", type = [[node.list()]], expect = "[]", check = "[]" },
    { say = "...its Node.list(:hidden) has alice, and no auto-connection to bob was made: monitor knows only alice (in a self-running drill, the drill's own hidden node, drillNNNNNN, too).",
      on = "monitor", type = [[node.list("hidden")]], expect = [=[["alice@HOST"]]=],
      check = function(l)
        local seen = {}
        for _, n in ipairs(l) do seen[n] = true end
        if seen["bob@" .. drill.host()] then return false, "monitor is connected to bob" end
        return seen["alice@" .. drill.host()], "expected alice@" .. drill.host() .. " in the list"
      end },
    { say = "The monitoring use: monitor asks each node what it runs (connecting to bob by itself, as it must).",
      on = "monitor", type = [[report = {}
for _, n in ipairs({"alice@HOST", "bob@HOST"}) do
  report[#report + 1] = rpc.call(n, function() return node.self() .. " runs " .. #processes() .. " processes" end, {}, 2000)
end
return report]], expect = [=[["alice@HOST runs N processes", "bob@HOST runs N processes"]]=], check = "bob@HOST runs" },
    { say = "Still, bob's Node.list() shows only alice.",
      on = "bob", type = [[node.list()]], expect = [=[["alice@HOST"]]=], check = [=[["alice@HOST"]]=] },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), hidden nodes: `iex --sname
-- monitor --hidden` (here peer.start{name = "monitor", hidden = true}, as
-- repl --sname monitor --hidden). A hidden node is not in others'
-- Node.list(), and connecting to it triggers no auto-connections: useful
-- for monitoring, debugging and admin tools.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: hidden nodes",
  seed = "000_d3057ad8855411e3.txt, Distributed Topology / Hidden Nodes",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "alice starts the hidden node monitor, connected to her.",
      on = "alice", type = [[mon = peer.start{name = "monitor", hidden = true}
return mon.node]], expect = [["monitor@HOST"]], check = [["monitor@HOST"]] },
    { say = "monitor is not in alice's Node.list()...",
      on = "alice", type = [[node.list()]], expect = [=[["bob@HOST"]]=], check = [=[["bob@HOST"]]=] },
    { say = "...and it made no connection to bob: no auto-mesh through a hidden node.",
      on = "alice", type = [[rpc.call(mon.node, function() return node.list() end)]],
      expect = [=[["alice@HOST"]]=], check = [=[["alice@HOST"]]=] },
    { say = "The monitoring use: from monitor, ask every node of the cluster what it runs (one connection each, none seen).",
      on = "alice", type = [[rpc.call(mon.node, function()
  local counts = {}
  for _, n in ipairs({"alice@HOST", "bob@HOST"}) do
    counts[#counts + 1] = rpc.call(n, function() return node.self() .. " runs " .. #processes() .. " processes" end)
  end
  return counts
end)]], expect = [=[["alice@HOST runs N processes", "bob@HOST runs N processes"]]=], check = "bob@HOST runs" },
    { say = "Still, bob's Node.list() shows only alice.",
      on = "bob", type = [[node.list()]], expect = [=[["alice@HOST"]]=], check = [=[["alice@HOST"]]=] },
    { on = "alice", type = [[peer.stop(mon)]], expect = "true", check = "true" },
  },
}

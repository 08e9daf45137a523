-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): netsplits and
-- CAP. When the network splits, each half goes on answering (available)
-- but the halves disagree (not consistent): here both halves register the
-- global name leader, for different processes. When the network heals,
-- global finds the conflict and keeps one (the default resolver,
-- random_exit_name, kills the other). node.cut is our teaching primitive
-- for the split (not in Erlang): it disconnects and refuses connections
-- both ways until node.heal.
local drill = require "repl.drill"

local where = {}   -- node -> the node that holds leader, as that node sees it

local function holder_on(name)
  return function(n) where[name] = n; return type(n) == "string" end
end

drill.run {
  title = "Reading notes 12.2: a netsplit, CAP, and healing",
  seed = "002_40742fe30838badd.txt, 12.2 (netsplits, split brain, CAP)",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "A cluster of three.",
      on = "node1", type = [[node.connect("node2@HOST"), node.connect("node3@HOST")]],
      expect = "true, true", check = "true, true" },
    { say = "Split it: node3 cuts itself off from node1 and node2 (pull its cable).",
      on = "node3", type = [[node.cut({"node1@HOST", "node2@HOST"})]], expect = "true", check = "true" },
    { say = "node1's side sees only node2 now; nothing tells it why node3 went away.",
      on = "node1", type = [[node.list()]], expect = [=[["node2@HOST"]]=], check = [=[["node2@HOST"]]=] },
    { say = "Available: node1's half registers the global name leader for a process of its own...",
      on = "node1", type = [[a = spawn(function() receive() end)
return global.register_name("leader", a)]], expect = "true", check = "true" },
    { say = "...and node3's half does the same for another process. Both succeed.",
      on = "node3", type = [[b = spawn(function() receive() end)
return global.register_name("leader", b)]], expect = "true", check = "true" },
    { say = "Not consistent: the halves disagree on who leader is.",
      on = "node2", type = [[node_of(global.whereis_name("leader"))]], expect = [["node1@HOST"]], check = [["node1@HOST"]] },
    { on = "node3", type = [[node_of(global.whereis_name("leader"))]], expect = [["node3@HOST"]], check = [["node3@HOST"]] },
    { say = "Heal the network and reconnect; global exchanges names and resolves the conflict (global.sync waits for that).",
      on = "node3", type = [[node.heal()
node.connect("node1@HOST")
global.sync()
return node_of(global.whereis_name("leader"))]],
      expect = "node1@HOST or node3@HOST: one winner", check = holder_on("node3") },
    { say = "node1 agrees with node3.",
      on = "node1", type = [[node_of(global.whereis_name("leader"))]], expect = "the same node as on node3",
      check = function(n) return n == where.node3, "expected " .. tostring(where.node3) end },
    { say = "The loser was killed by the resolver: exactly one of a and b is alive.",
      on = "node1", type = [[is_alive(a)]], expect = "true if node1 won",
      check = function(alive) return alive == (where.node3 == "node1@" .. drill.host()) end },
  },
}

-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): all standard
-- I/O goes to the group leader. A process spawned on node1 from node2
-- inherits node2's shell's group leader, so what it prints appears on
-- node2's terminal, though it runs on node1.
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.1: I/O goes to the group leader",
  seed = "002_40742fe30838badd.txt, 12.1 (group leader)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect node2 to node1.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true", check = "true" },
    { say = "Spawn on node1 a process that prints where it runs (Node.spawn/2). The line shows here, on node2.",
      on = "node2", type = [[node.spawn("node1@HOST", function() print("running on " .. node.self()) end)]],
      expect = "a pid of node1's", check = function(p) return typeof(p) == "pid" and node_of(p) == "node1@" .. drill.host() end,
      output = "running on node1@HOST" },
    { say = "Why: the remote process's group leader is the very one of node2's shell.",
      on = "node2", type = [[gl = group_leader()
node.spawn("node1@HOST", function(me) send(me, group_leader()) end, self())
return receive(2000) == gl]],
      expect = "true", check = "true" },
  },
}

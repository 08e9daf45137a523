-- Kata 83 (seed 000_d3057ad8855411e3.txt), node monitoring:
-- Node.monitor(:bob@hostname, true) then receive {:nodedown, node}; or
-- :net_kernel.monitor_nodes(true) for {:nodeup, node} and {:nodedown,
-- node} of every node. Here node.monitor and node.monitor_nodes; the
-- messages are tuple(atom.nodedown, "bob@HOST") and the like.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: node monitoring",
  seed = "000_d3057ad8855411e3.txt, Node Monitoring",
  nodes = { "alice", "bob", "carol" },
  steps = {
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "Monitor bob.",
      on = "alice", type = [[node.monitor("bob@HOST", true)]], expect = "true", check = "true" },
    { say = "bob disconnects from alice (a lost connection looks the same).",
      on = "bob", type = [[node.disconnect("alice@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[receive(tuple(atom.nodedown, ANY), 3000)]],
      expect = [[{:nodedown, "bob@HOST"}]], check = [[{:nodedown, "bob@HOST"}]] },
    { say = "monitor_nodes: every node's ups and downs.",
      on = "alice", type = [[node.monitor_nodes(true)]], expect = "true", check = "true" },
    { on = "carol", type = [[node.connect("alice@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[receive(tuple(atom.nodeup, ANY), 3000)]],
      expect = [[{:nodeup, "carol@HOST"}]], check = [[{:nodeup, "carol@HOST"}]] },
    { on = "carol", type = [[node.disconnect("alice@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[receive(tuple(atom.nodedown, ANY), 3000)]],
      expect = [[{:nodedown, "carol@HOST"}]], check = [[{:nodedown, "carol@HOST"}]] },
  },
}

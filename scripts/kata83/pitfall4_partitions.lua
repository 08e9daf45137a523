-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 4: network partitions.
-- The cluster can split into groups that each carry on alone; each side
-- sees only nodedown, never why. node.cut is our teaching primitive for a
-- split on one machine (not in Erlang). After a real network heals,
-- nothing reconnects by itself: someone must connect again (libraries
-- such as libcluster do that in production). node.heal, standing in for
-- the network, lifts the cut and reconnects at once.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83, pitfall 4: network partitions",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 4",
  nodes = { "alice", "bob", "carol" },
  steps = {
    { say = "A cluster of three; alice watches every node.",
      on = "alice", type = [[node.monitor_nodes(true)
return node.connect("bob@HOST"), node.connect("carol@HOST")]], expect = "true, true", check = "true, true" },
    { on = "alice", type = [[flush()]], expect = "the nodeup messages" },
    { say = "The split: carol loses both others.",
      on = "carol", type = [[node.cut({"alice@HOST", "bob@HOST"})]], expect = "true", check = "true" },
    { say = "alice is told only that carol is down: a crash would look the same.",
      on = "alice", type = [[receive(tuple(atom.nodedown, ANY), 3000)]],
      expect = [[{:nodedown, "carol@HOST"}]], check = [[{:nodedown, "carol@HOST"}]] },
    { say = "Two groups, each working on: {alice, bob} and {carol}.",
      on = "alice", type = [[node.list()]], expect = [=[["bob@HOST"]]=], check = [=[["bob@HOST"]]=] },
    { on = "carol", type = [[node.list()]], expect = "[]", check = "[]" },
    { say = "carol cannot reach them while the split lasts.",
      on = "carol", type = [[node.connect("alice@HOST")]], expect = "false, and why", check = "false" },
    { say = "The network heals. A real one reconnects nothing by itself: the groups stay apart until a node sends to another or connects (libcluster does that in production). node.heal, which stands in for the network here, lifts the cut and reconnects at once; the mesh brings bob back too.",
      on = "carol", type = [[node.heal()
for i = 1, 100 do if #node.list() == 2 then break end sleep(10) end
return #node.list()]], expect = "2", check = "2" },
    { on = "alice", type = [[receive(tuple(atom.nodeup, ANY), 3000)]],
      expect = [[{:nodeup, "carol@HOST"}]], check = [[{:nodeup, "carol@HOST"}]] },
  },
}

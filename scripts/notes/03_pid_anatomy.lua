-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): pids account
-- for nodes. In <X.Y.Z>, X is 0 for a local process and not 0 for a remote
-- one (X is the local number of the node it lives on). node_of(pid) is
-- Erlang's node/1. One process, seen from both nodes.
local drill = require "repl.drill"
local repr = require("repl.printer").repr   -- a value as the shell prints it

drill.run {
  title = "Reading notes 12.1: the anatomy of a pid <X.Y.Z>",
  seed = "002_40742fe30838badd.txt, 12.1 (process IDs)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "A local pid starts with 0.",
      on = "node1", type = [[self()]], expect = "<0.Y.Z>", check = "<0." },
    { say = "Spawn a process on node2 that registers itself as worker and waits. Seen from node1, its pid does not start with 0.",
      on = "node1", type = [[p = node.spawn("node2@HOST", function() register("worker", self()); receive() end)]] },
    { on = "node1", type = [[p]], expect = "<X.Y.Z> with X not 0",
      check = function(p) return typeof(p) == "pid" and not repr(p):match("^<0%.") end },
    { say = "node_of (Erlang's node/1) names the node it lives on.",
      on = "node1", type = [[node_of(p)]], expect = [["node2@HOST"]], check = [["node2@HOST"]] },
    { say = "On node2 the same process is local: 0 first, same Y and Z.",
      on = "node2", type = [[whereis("worker")]], expect = "<0.Y.Z>", check = "<0." },
    { on = "node2", type = [[node_of(whereis("worker"))]], expect = [["node2@HOST"]], check = [["node2@HOST"]] },
    { say = "Let it end.",
      on = "node1", type = [[send(p, "bye")]], expect = [["bye"]], check = [["bye"]] },
  },
}

-- Chapter 12, Drill 1: the handshake (seed 001_d7442e0c1c955a79.txt).
-- Two nodes, node1 and node2; node2 connects to node1, and each sees the
-- other in its node list. Elixir's Node.connect(:node1@HOSTNAME) is
-- node.connect("node1@HOST"): node names are strings, and a failed connect
-- says why after the false.
--   repl scripts/ch12/drill1_handshake.lua              runs it by itself
--   repl --sname node1 -i scripts/ch12/drill1_handshake.lua   the guide for
--   terminal node1, then its shell (node2 likewise)
local drill = require "repl.drill"

drill.run {
  title = "Chapter 12, Drill 1: the handshake",
  seed = "001_d7442e0c1c955a79.txt, Drill 1",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Before connecting, node1 knows no other node (Node.list()).",
      on = "node1", type = [[node.list()]], expect = "[] (an empty list)",
      check = function(l) return type(l) == "table" and #l == 0 end },
    { say = "Connect node2 to node1 (Node.connect(:node1@HOSTNAME)).",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Verify: Node.list() in node2 shows node1.",
      on = "node2", type = [[node.list()]], expect = [=[["node1@HOST"]]=],
      check = [=[["node1@HOST"]]=] },
    { say = "Verify: Node.list() in node1 shows node2: the connection goes both ways.",
      on = "node1", type = [[node.list()]], expect = [=[["node2@HOST"]]=],
      check = [=[["node2@HOST"]]=] },
  },
}

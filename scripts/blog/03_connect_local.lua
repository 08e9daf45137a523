-- Blog post on nodes (seed 003_4ff887acd7f7b2dc.txt): connecting local
-- nodes. Node.connect(:"second_node@Codys-MBP") is
-- node.connect("second_node@HOST"); Node.list is node.list(), and it shows
-- the other node on both sides. The full name is needed: a short name alone
-- is refused (Erlang says only false; we also say why).
local drill = require "repl.drill"

drill.run {
  title = "Blog: connecting local nodes",
  seed = "003_4ff887acd7f7b2dc.txt, Connecting to local nodes",
  nodes = { "first_node", "second_node" },
  steps = {
    { say = "The short name alone is not enough to connect.",
      on = "first_node", type = [[node.connect("second_node")]],
      expect = "false, and the reason: a node name looks like name@host",
      check = function(ok, why) return ok == false and type(why) == "string" end },
    { say = "With the full name (from node.self() on the other node): drum roll please.",
      on = "first_node", type = [[node.connect("second_node@HOST")]], expect = "true", check = "true" },
    { say = "first_node lists second_node...",
      on = "first_node", type = [[node.list()]], expect = [=[["second_node@HOST"]]=],
      check = [=[["second_node@HOST"]]=] },
    { say = "...and second_node lists first_node: the connection goes both ways.",
      on = "second_node", type = [[node.list()]], expect = [=[["first_node@HOST"]]=],
      check = [=[["first_node@HOST"]]=] },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), :pg process groups: members on
-- several nodes in one named group. :pg.start_link() is pg.start(), on
-- every node that uses pg: as in Elixir, pg does not run until started,
-- and pg.join before it fails. :pg.join(:workers, self()) is
-- pg.join("workers", self()) (a string group is the atom :workers on the
-- wire); get_members, get_local_members and leave as in Elixir.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: :pg process groups",
  seed = "000_d3057ad8855411e3.txt, Global Process Registration / :pg",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "Before pg runs, a join fails, as :pg.join does in iex before :pg.start_link().",
      on = "alice", type = [[pg.join("workers", self())]],
      expect = "** (error) pg is not running on this node: call pg.start() first (Elixir: :pg.start_link())" },
    { say = "Start pg (:pg.start_link()) on each node: its process.",
      on = "alice", type = [[pg.start()]], expect = "<0.NN.0>",
      check = function(p) return typeof(p) == "pid" end },
    { on = "bob", type = [[pg.start()]], expect = "<0.NN.0>",
      check = function(p) return typeof(p) == "pid" end },
    { on = "alice", type = [[pg.join("workers", self())]], expect = "true", check = "true" },
    { on = "bob", type = [[pg.join("workers", self())]], expect = "true", check = "true" },
    { say = "Members on both nodes: alice's (<0...>) and bob's. bob's join reaches alice as a message, so wait for it.",
      on = "alice", type = [[for i = 1, 100 do
  if #pg.get_members("workers") == 2 then break end
  sleep(10)
end
return #pg.get_members("workers")]], expect = "2", check = "2" },
    { on = "alice", type = [[pg.get_members("workers")]], expect = "[<0.Y.Z>, <X.Y.Z>]",
      check = function(l) return #l == 2 and (node_of(l[1]) ~= node_of(l[2])) end },
    { say = "Local members only.",
      on = "alice", type = [[pg.get_local_members("workers")]], expect = "[<0.Y.Z>]",
      check = function(l) return #l == 1 and node_of(l[1]) == "alice@" .. drill.host() end },
    { on = "alice", type = [[pg.leave("workers", self())]], expect = "true", check = "true" },
    { say = "bob sees only himself now.",
      on = "bob", type = [[pg.get_members("workers")[1] == self() and #pg.get_members("workers")]], expect = "1", check = "1" },
  },
}

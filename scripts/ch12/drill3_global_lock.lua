-- Chapter 12, Drill 3: the global lock (seed 001_d7442e0c1c955a79.txt).
-- One name, two claims: node1 registers its shell globally as boss; node2
-- tries the same and is refused; node2 then sends boss a message, which
-- lands in node1's shell. Elixir's :global.register_name(:boss, self()) is
-- global.register_name("boss", self()) ("boss" and atom.boss are one
-- name); :yes / :no are true / false, and false comes with the reason;
-- :global.send(:boss, "I surrender") is global.send("boss", "I surrender"),
-- which returns boss's pid as Erlang's does.
local drill = require "repl.drill"

drill.run {
  title = "Chapter 12, Drill 3: the global lock",
  seed = "001_d7442e0c1c955a79.txt, Drill 3",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "In node1: register the shell process globally as boss.",
      on = "node1", type = [[global.register_name("boss", self())]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "In node2: try to register node2's shell as boss too. What happens?",
      on = "node2", type = [[global.register_name("boss", self())]],
      expect = [[false, "boss is already registered to <...>" (Elixir's :no, and why)]],
      check = function(ok, why) return ok == false and type(why) == "string" end },
    { say = "In node2: send boss a message with global.send.",
      on = "node2", type = [[global.send("boss", "I surrender")]],
      expect = "<...>, boss's pid: node1's shell, as node2 names it",
      check = function(p) return typeof(p) == "pid" and node_of(p) == "node1@" .. drill.host() end },
    { say = "In node1: the message is in the shell's mailbox.",
      on = "node1", type = [[flush()]],
      output = [["I surrender"]] },
  },
}

-- Chapter 12, Drill 2: remote control (seed 001_d7442e0c1c955a79.txt).
-- From node2, spawn a process on node1 that prints "Hello from <its node>".
-- It runs on node1, yet the line appears on node2's terminal: a process
-- writes through its group leader, which it inherits from its spawner, as
-- in Erlang. Elixir's Node.spawn(:node1@HOSTNAME, fn -> IO.puts(...) end)
-- is node.spawn("node1@HOST", function() print(...) end), and
-- "#{Node.self()}" is .. node.self().
local drill = require "repl.drill"

drill.run {
  title = "Chapter 12, Drill 2: remote control",
  seed = "001_d7442e0c1c955a79.txt, Drill 2",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Spawn a process on node1 that says where it runs (Node.spawn/2, Node.self/0).",
      on = "node2", type = [[
node.spawn("node1@HOST", function()
  print("Hello from " .. node.self())
end)]],
      expect = "a pid of node1's, such as <1.95.0> (its first number is not 0: not ours)",
      check = function(p) return typeof(p) == "pid" and node_of(p) == "node1@" .. drill.host() end,
      output = "Hello from node1@HOST" },
    { say = "The process ran on node1 but printed here, on node2: its group leader is node2's shell. node1's own shell printed nothing.",
      on = "node1", type = [[node.self()]], expect = [["node1@HOST"]],
      check = [["node1@HOST"]] },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), short names: `iex --sname
-- alice` and `iex --sname bob` on one machine; Node.self() is
-- :alice@hostname, Node.connect(:bob@hostname) is true, Node.list() is
-- [:bob@hostname]. In Lua node names are strings.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: short names (--sname)",
  seed = "000_d3057ad8855411e3.txt, Starting Distributed Nodes / Short Names",
  nodes = { "alice", "bob" },
  steps = {
    { say = "alice's name: the short name and the short host name.",
      on = "alice", type = [[node.self()]], expect = [["alice@HOST"]], check = [["alice@HOST"]] },
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[node.list()]], expect = [=[["bob@HOST"]]=], check = [=[["bob@HOST"]]=] },
  },
}

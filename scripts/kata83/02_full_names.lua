-- Kata 83 (seed 000_d3057ad8855411e3.txt), full names: `iex --name
-- alice@192.168.1.10` and `iex --name bob@192.168.1.20`, for nodes on
-- different networks. One machine here, so both are @127.0.0.1. The
-- drill's terminal has a short name, and names do not mix (see
-- pitfall1_mixing_names.lua), so it starts both as peers (repl --name ...)
-- and alice reports on her output.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: full names (--name)",
  seed = "000_d3057ad8855411e3.txt, Starting Distributed Nodes / Full Names",
  nodes = { "terminal" },
  steps = {
    { say = "repl --name bob@127.0.0.1",
      on = "terminal", type = [[bob = peer.start{name = "bob", longnames = true, connect = false}
return bob.node]], expect = [["bob@127.0.0.1"]], check = [["bob@127.0.0.1"]] },
    { say = "repl --name alice@127.0.0.1, which connects to bob@127.0.0.1 and lists its nodes.",
      on = "terminal", type = [=[alice = peer.start{name = "alice", longnames = true, connect = false,
  args = {"-e", [[print(node.self(), node.connect("bob@127.0.0.1"), table.concat(node.list(), " "))]]}}
return alice.node]=], expect = [["alice@127.0.0.1"]], check = [["alice@127.0.0.1"]],
      output = "[alice] alice@127.0.0.1\ttrue\tbob@127.0.0.1" },
    { on = "terminal", type = [[peer.stop(alice), peer.stop(bob)]], expect = "true, true", check = "true, true" },
  },
}

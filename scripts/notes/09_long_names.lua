-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): long names.
-- `iex --name node1@127.0.0.1` names a node with a full host part (an
-- address or a domain name), as nodes on other machines need. The drill's
-- terminal has a short name and the two kinds do not mix, so it starts the
-- long-named nodes as peers (peer.start{longnames = true}, which is repl
-- --name NAME@127.0.0.1) and the second reports on its output.
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.3: long names",
  seed = "002_40742fe30838badd.txt, 12.3 (--name node1@127.0.0.1)",
  nodes = { "terminal" },
  steps = {
    { say = "repl --name long1@127.0.0.1",
      on = "terminal", type = [[long1 = peer.start{name = "long1", longnames = true, connect = false}
return long1.node]], expect = [["long1@127.0.0.1"]], check = [["long1@127.0.0.1"]] },
    { say = "repl --name long2@127.0.0.1, which connects to long1 by its full name.",
      on = "terminal", type = [=[long2 = peer.start{name = "long2", longnames = true, connect = false,
  args = {"-e", [[print(node.self(), node.connect("long1@127.0.0.1"))]]}}
return long2.node]=], expect = [["long2@127.0.0.1"]], check = [["long2@127.0.0.1"]],
      output = "[long2] long2@127.0.0.1\ttrue" },
    { on = "terminal", type = [[peer.stop(long2), peer.stop(long1)]], expect = "true, true", check = "true, true" },
  },
}

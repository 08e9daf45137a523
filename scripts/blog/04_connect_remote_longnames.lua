-- Blog post on nodes (seed 003_4ff887acd7f7b2dc.txt): connecting remote
-- nodes. `iex --name first@147.182.163.239 --cookie 123456` and `iex --name
-- second@147.182.173.184 --cookie 123456`: long names (the host part is an
-- address) and an explicit cookie. We have one machine, so both addresses
-- are 127.0.0.1. The drill's own terminal ("laptop") has a short name, and
-- short and long names do not mix, so laptop starts first and second as
-- peers of its own (peer.start, OTP's peer module; in two more terminals
-- you would type the repl commands shown) and first reports what it sees
-- on its output, which laptop shows as "[first] ...".
local drill = require "repl.drill"

drill.run {
  title = "Blog: connecting remote nodes (long names, explicit cookie)",
  seed = "003_4ff887acd7f7b2dc.txt, Connecting to remote nodes",
  nodes = { "laptop" },
  steps = {
    { say = "Start second as `repl --name second@127.0.0.1 --cookie 123456` would (connect = false: laptop's short name could not connect to it).",
      on = "laptop", type = [[second = peer.start{name = "second", longnames = true, cookie = "123456", connect = false}
return second.node]],
      expect = [["second@127.0.0.1"]], check = [["second@127.0.0.1"]] },
    { say = "Start first the same way (repl --name first@127.0.0.1 --cookie 123456); its -e code is what you would type in its shell: the cookie, Node.connect, Node.list.",
      on = "laptop", type = [=[first = peer.start{name = "first", longnames = true, cookie = "123456", connect = false,
  args = {"-e", [[print(node.get_cookie()) print(node.connect("second@127.0.0.1")) print(table.concat(node.list(), " "))]]}}
return first.node]=],
      expect = [["first@127.0.0.1", then [first] 123456, [first] true, [first] second@127.0.0.1]],
      check = [["first@127.0.0.1"]], output = "[first] second@127.0.0.1" },
    { say = "Both share the cookie 123456, so they connected. Stop them (closing their terminals).",
      on = "laptop", type = [[peer.stop(first), peer.stop(second)]], expect = "true, true", check = "true, true" },
  },
}

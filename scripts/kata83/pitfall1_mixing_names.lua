-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 1 and the rule of Full
-- Names: --sname and --name nodes cannot be mixed in one cluster. Erlang's
-- Node.connect says only false (and logs a line on one side); ours says
-- why. alice has a short name; bob is started with a long one (peer.start
-- {longnames = true}, which is repl --name bob@127.0.0.1) and tries the
-- other way round on his own output.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83, pitfall 1: mixing --sname and --name",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 1 (and Full Names' rule)",
  nodes = { "alice" },
  steps = {
    { say = "bob with a long name; he tries to connect to alice, whose name is short.",
      on = "alice", type = [=[bob = peer.start{name = "bob", longnames = true, connect = false,
  args = {"-e", [[print("bob -> alice:", node.connect("alice@HOST"))]]}}
return bob.node]=], expect = [["bob@127.0.0.1", then [bob] bob -> alice: false, and why]],
      check = [["bob@127.0.0.1"]], output = "[bob] bob -> alice:\tfalse" },
    { say = "alice (short) to bob (long): false as well.",
      on = "alice", type = [[node.connect(bob.node)]],
      expect = [[false, "this node has a short name (--sname) and that one a long name: ..."]],
      check = function(ok, why) return ok == false and tostring(why):find("long name", 1, true) ~= nil end },
    { say = "The fix: one scheme for the whole cluster (all --sname here, or all --name).",
      on = "alice", type = [[peer.stop(bob)]], expect = "true", check = "true" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 2: nodes with different
-- cookies silently fail to connect: Erlang's Node.connect returns false
-- and nothing else here (a line may appear in the other node's log). Ours
-- says why, and the other node says it too. Check with Node.get_cookie()
-- on both sides.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83, pitfall 2: forgetting the cookie",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 2",
  nodes = { "alice" },
  steps = {
    { say = "carol was started with another cookie (repl --sname carol --cookie other); she prints hers.",
      on = "alice", type = [=[carol = peer.start{name = "carol", cookie = "other", connect = false,
  args = {"-e", [[print("carol's cookie: " .. node.get_cookie())]]}}
return carol.node]=], expect = [["carol@HOST", then [carol] carol's cookie: other]],
      check = [["carol@HOST"]], output = "carol's cookie: other" },
    { say = "alice connects: false. Erlang would stop there; we add why, and carol's terminal says it too ([carol] ** connection ... refused).",
      on = "alice", type = [[node.connect("carol@HOST")]], expect = [[false, "cookie mismatch: carol@HOST refused our cookie"]],
      check = function(ok, why) return ok == false and tostring(why):find("cookie", 1, true) ~= nil end,
      output = "[carol] ** connection from alice@HOST refused" },
    { say = "ping says pang, and no more.",
      on = "alice", type = [[node.ping("carol@HOST")]], expect = [["pang"]], check = [["pang"]] },
    { say = "The check: compare the cookies. alice's is not carol's.",
      on = "alice", type = [[node.get_cookie() == "other"]], expect = "false", check = "false" },
    { say = "The fix: the same cookie (here for carol only: Node.set_cookie(:carol@host, :other)).",
      on = "alice", type = [[node.set_cookie("carol@HOST", "other")
return node.connect("carol@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[peer.stop(carol)]], expect = "true", check = "true" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 2: nodes with different
-- cookies silently fail to connect: Erlang's Node.connect returns false
-- and nothing else (a line may appear in the other node's log). Ours says
-- why, and the refusing node says so on its terminal. Check with
-- Node.get_cookie() on both sides.
local drill = require "repl.drill"

local alices     -- alice's cookie

drill.run {
  title = "Kata 83, pitfall 2: forgetting the cookie",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 2",
  nodes = { "alice", { name = "carol", cookie = "other" } },
  steps = {
    { say = "alice connects to carol: false. Erlang would stop there; we add why (and carol's terminal says: ** connection from alice@HOST refused).",
      on = "alice", type = [[node.connect("carol@HOST")]], expect = [[false, "cookie mismatch: carol@HOST refused our cookie"]],
      check = function(ok, why) return ok == false and tostring(why):find("cookie", 1, true) ~= nil end },
    { say = "ping says pang, and no more.",
      on = "alice", type = [[node.ping("carol@HOST")]], expect = [["pang"]], check = [["pang"]] },
    { say = "The check: compare the cookies on both sides.",
      on = "alice", type = [[node.get_cookie()]], expect = "this machine's cookie, from ~/.erlang.cookie",
      check = function(c) alices = c; return type(c) == "string" end },
    { on = "carol", type = [[node.get_cookie()]], expect = [["other": carol was started with --cookie other]],
      check = function(c) return c == "other" and c ~= alices end },
    { say = "The fix: the same cookie (here for carol only: Node.set_cookie(:carol@host, :other)).",
      on = "alice", type = [[node.set_cookie("carol@HOST", "other")
return node.connect("carol@HOST")]], expect = "true", check = "true" },
  },
}

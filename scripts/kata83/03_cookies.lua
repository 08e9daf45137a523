-- Kata 83 (seed 000_d3057ad8855411e3.txt), cookie authentication: the
-- cookie is a shared secret (an atom in Erlang, a string here) that nodes
-- must match to connect. Set by flag (carol's terminal: repl --sname carol
-- --cookie my_secret), or read from ~/.erlang.cookie (mode 400); read with
-- Node.get_cookie(), changed with Node.set_cookie(c), or for one node with
-- Node.set_cookie(node, c) (Erlang's erlang:set_cookie/2).
local drill = require "repl.drill"

local cookie        -- alice's cookie, from the file

drill.run {
  title = "Kata 83: cookies (flag, file, get, set, per node)",
  seed = "000_d3057ad8855411e3.txt, Cookie Authentication",
  nodes = { "alice", { name = "carol", cookie = "my_secret" } },
  steps = {
    { say = "alice's cookie...",
      on = "alice", type = [[mine = node.get_cookie()
return mine]], expect = "a string of capital letters",
      check = function(c) cookie = c; return type(c) == "string" and #c > 0 end },
    { say = "...is what ~/.erlang.cookie holds, a file only its owner may read (mode 400).",
      on = "alice", type = [[f = os.getenv("HOME") .. "/.erlang.cookie"
return io.open(f):read("l"), io.popen("stat -c %a " .. f):read("l")]],
      expect = [[the same string, "400"]],
      check = function(c, mode) return c == cookie and mode == "400", "expected " .. tostring(cookie) .. ", 400" end },
    { say = "carol was started with --cookie my_secret.",
      on = "carol", type = [[node.get_cookie()]], expect = [["my_secret"]], check = [["my_secret"]] },
    { say = "The cookies differ, so alice cannot connect (Erlang says false; we say why too).",
      on = "alice", type = [[node.connect("carol@HOST")]], expect = [[false, "cookie mismatch: ..."]],
      check = function(ok, why) return ok == false and tostring(why):find("cookie", 1, true) ~= nil end },
    { say = "Set the cookie alice uses for carol alone (erlang:set_cookie(carol, my_secret))...",
      on = "alice", type = [[node.set_cookie("carol@HOST", "my_secret")]], expect = "true", check = "true" },
    { say = "...and the connection is made; alice's own cookie is unchanged.",
      on = "alice", type = [[node.connect("carol@HOST"), node.get_cookie("carol@HOST"), node.get_cookie() == mine]],
      expect = [[true, "my_secret", true]], check = [[true, "my_secret", true]] },
    { say = "Node.set_cookie(:new_secret) changes alice's cookie at run time, for connections made from now on.",
      on = "alice", type = [[node.set_cookie("new_secret")
return node.get_cookie()]], expect = [["new_secret"]], check = [["new_secret"]] },
    { say = "carol sees alice.",
      on = "carol", type = [[node.list()]], expect = [=[["alice@HOST"]]=], check = [=[["alice@HOST"]]=] },
  },
}

-- Blog post on nodes (seed 003_4ff887acd7f7b2dc.txt): where the cookie
-- comes from. Two local nodes print the same cookie because both read
-- ~/.erlang.cookie. Here the drill's nodes share this machine's HOME, so
-- they share that file. One honest difference: the peer module hands each
-- node the drill's cookie with --cookie (peers take no environment, so no
-- HOME of their own); the drill's own node read it from the file. The last
-- step restarts a node with no --cookie at all, so it reads the file
-- itself, as iex does.
local drill = require "repl.drill"

local first_cookie  -- the first node's answer, to compare the others with

drill.run {
  title = "Blog: the cookie file",
  seed = "003_4ff887acd7f7b2dc.txt, Connecting to local nodes (~/.erlang.cookie)",
  nodes = { "first_node", "second_node" },
  steps = {
    { say = "first_node's cookie (Node.get_cookie).",
      on = "first_node", type = [[node.get_cookie()]], expect = "a string such as \"NESPJGXVMYBEVJMCBECR\"",
      check = function(c) first_cookie = c; return type(c) == "string" and #c > 0 end },
    { say = "second_node's cookie: the same one.",
      on = "second_node", type = [[node.get_cookie()]], expect = "the same string as on first_node",
      check = function(c) return c == first_cookie, "expected " .. tostring(first_cookie) end },
    { say = "It is the content of ~/.erlang.cookie (`cat ~/.erlang.cookie` in a shell). repl makes the file, mode 0400, when it is missing.",
      on = "first_node", type = [[io.open(os.getenv("HOME") .. "/.erlang.cookie"):read("a")]],
      expect = "the same string again",
      check = function(s) return type(s) == "string" and s:gsub("%s+$", "") == first_cookie, "expected " .. tostring(first_cookie) end },
    { say = "A node started with no --cookie reads that file itself: second_node restarts its distribution without one.",
      on = "second_node", type = [[
node.stop()
node.start("second_node")
return node.get_cookie()]],
      expect = "the same string again",
      check = function(c) return c == first_cookie, "expected " .. tostring(first_cookie) end },
    { say = "Sharing the cookie, they connect (next script: connecting).",
      on = "first_node", type = [[node.connect("second_node@HOST")]], expect = "true", check = "true" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), the Node functions, one line
-- each: Node.self, Node.alive?, Node.list, Node.list(:known),
-- Node.connect, Node.disconnect, Node.get_cookie, Node.ping (:pong/:pang:
-- "pong"/"pang" here), Node.monitor. Node.set_cookie is in 03_cookies.lua.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: the Node functions",
  seed = "000_d3057ad8855411e3.txt, Node Functions",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[node.self()]], expect = [["alice@HOST"]], check = [["alice@HOST"]] },
    { on = "alice", type = [[node.alive()]], expect = "true", check = "true" },
    { say = "No node connected yet (the drill's own node is hidden, so not listed).",
      on = "alice", type = [[node.list()]], expect = "[] (an empty list)", check = "[]" },
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[node.list()]], expect = [=[["bob@HOST"]]=], check = [=[["bob@HOST"]]=] },
    { say = "known: every node this one knows, itself included.",
      on = "alice", type = [[node.list("known")]], expect = [=[["alice@HOST", "bob@HOST", ...]]=],
      check = function(l)
        local seen = {}
        for _, n in ipairs(l) do seen[n] = true end
        return seen["alice@" .. drill.host()] and seen["bob@" .. drill.host()]
      end },
    { say = "ping: pong when the node answers, pang when not.",
      on = "alice", type = [[node.ping("bob@HOST"), node.ping("nobody@HOST")]],
      expect = [["pong", "pang"]], check = [["pong", "pang"]] },
    { say = "Monitor bob, then disconnect: the monitor says nodedown.",
      on = "alice", type = [[node.monitor("bob@HOST", true)]], expect = "true", check = "true" },
    { on = "alice", type = [[node.disconnect("bob@HOST")]], expect = "true", check = "true" },
    { on = "alice", type = [[receive(2000)]], expect = [[{:nodedown, "bob@HOST"}]],
      check = [[{:nodedown, "bob@HOST"}]] },
    { on = "alice", type = [[node.list()]], expect = "[]", check = "[]" },
    { say = "get_cookie: the cookie (both nodes share it).",
      on = "alice", type = [[node.get_cookie() == rpc.call("bob@HOST", function() return node.get_cookie() end)]],
      expect = "true", check = "true" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), Common Patterns, Pattern 2:
-- fan-out to all nodes. broadcast(message) sends to {:my_server, node} for
-- node in [Node.self() | Node.list()]: one message to the process
-- registered as my_server on each node, by name, with no pid. In Lua:
-- send(tuple("my_server", n), message) for n in {node.self(),
-- table.unpack(node.list())}. The code is kata 31's (katas/31_fan_out.lua):
-- the guide has the learner load their own on alice; self-running loads
-- scripts/lib/demo/fan_out.lua. Each node's my_server here prints what it gets and keeps it in
-- the global GOT, so the next steps can look.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/31_fan_out.lua" }, "fan_out.lua")
local LOAD = code.load("type(broadcast)")

-- my_server, typed on each node: a registered process that prints each
-- message and keeps it.
local MY_SERVER = [[GOT = {}
register("my_server", spawn(function()
  while true do
    local m = receive()
    GOT[#GOT + 1] = m
    print("my_server on " .. node.self() .. " got: " .. tostring(m))
  end
end))
return whereis("my_server")]]

local function got_once(t) return type(t) == "table" and #t == 1 and t[1] == "hello, everyone" end

drill.run {
  title = "Kata 83, Pattern 2: fan-out to all nodes",
  seed = "000_d3057ad8855411e3.txt, Common Patterns, Pattern 2: Fan-out to All Nodes",
  nodes = { "alice", "bob", "carol" },
  steps = {
    { say = "Connect bob and carol to alice; the full mesh connects bob and carol too.",
      on = "bob", type = [[node.connect("alice@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { on = "carol", type = [[node.connect("alice@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Every node runs a process registered locally as my_server. On alice:",
      on = "alice", type = MY_SERVER, expect = "<...>, the pid of alice's my_server",
      check = function(p) return typeof(p) == "pid" end },
    { say = "On bob, the same:", on = "bob", type = MY_SERVER, expect = "<...>",
      check = function(p) return typeof(p) == "pid" end },
    { say = "On carol, the same:", on = "carol", type = MY_SERVER, expect = "<...>",
      check = function(p) return typeof(p) == "pid" end },
    { say = "Load broadcast on alice: " .. code.whose .. ".",
      on = "alice", type = LOAD, expect = [["function"]],
      check = function(t) return t == "function" end },
    { say = "On alice: alice sees both others, as [Node.self() | Node.list()] will.",
      on = "alice", type = [[#node.list()]], expect = "2", check = "2" },
    { say = "On alice: broadcast. alice's own my_server prints it here; bob's and carol's print on their terminals.",
      on = "alice", type = [[broadcast("hello, everyone")]],
      output = "my_server on alice@HOST got: hello, everyone" },
    { say = "On bob: bob's my_server got it, once.",
      on = "bob", type = [[GOT]], expect = [[["hello, everyone"] ]], check = got_once },
    { say = "On carol: carol's too, once.",
      on = "carol", type = [[GOT]], expect = [[["hello, everyone"] ]], check = got_once },
    { say = "And alice's own, once: Node.self() is not in Node.list(), so the pattern adds it.",
      on = "alice", type = [[GOT]], expect = [[["hello, everyone"] ]], check = got_once },
  },
}

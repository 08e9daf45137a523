-- Kata 83 (seed 000_d3057ad8855411e3.txt), Common Patterns, Pattern 3: a
-- cluster singleton. The same code starts on every node; :global makes
-- sure one instance runs: case :global.register_name(:singleton, self())
-- do :yes -> run_singleton_work(); :no -> :already_running end. In Lua:
-- global.register_name("singleton", self()) is true or false.
-- The code is kata 32's (katas/32_cluster_singleton.lua), whose candidate
-- also waits for the singleton to go (a monitor) and tries again, so a
-- survivor takes over when the singleton's node dies: the guide has the
-- learner load their own on the three nodes (self-running loads
-- scripts/lib/demo/singleton.lua), and alice's node dies by kill -9.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/32_cluster_singleton.lua" }, "singleton.lua")
local LOAD = code.load("type(candidate)")

-- The singleton's work, typed on each node: say where it runs, then serve.
local START = [[candidate(function()
  print("singleton running on " .. node.self())
  while true do receive() end
end)]]

local function at(name) return name .. "@" .. drill.host() end
local function loaded(t) return t == "function" end
local moved          -- where carol saw the singleton go, for bob's step

drill.run {
  title = "Kata 83, Pattern 3: a cluster singleton",
  seed = "000_d3057ad8855411e3.txt, Common Patterns, Pattern 3: Cluster Singleton",
  nodes = { "alice", "bob", "carol" },
  steps = {
    { say = "Connect bob and carol to alice (the full mesh joins bob and carol).",
      on = "bob", type = [[node.connect("alice@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { on = "carol", type = [[node.connect("alice@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load the singleton code on every node: " .. code.whose .. ".",
      on = "alice", type = LOAD, expect = [["function"]], check = loaded },
    { on = "bob", type = LOAD, expect = [["function"]], check = loaded },
    { on = "carol", type = LOAD, expect = [["function"]], check = loaded },
    { say = "Before starting, let carol wait until she sees bob too, and global agrees on the three nodes (the mesh forms a moment after the connections).",
      on = "carol", type = [[for _ = 1, 50 do if #node.list() == 2 then break end sleep(20) end
return global.sync()]], expect = "true", check = function(ok) return ok == true end },
    { say = "Start the singleton on alice first: the name is free, so alice's candidate registers it and runs the work.",
      on = "alice", type = START, expect = "<...>, the candidate's pid",
      output = "singleton running on alice@HOST" },
    { say = "Start the same code on bob: the name is taken (:no), so bob's candidate waits.",
      on = "bob", type = START, expect = "<...>", check = function(p) return typeof(p) == "pid" end },
    { say = "And on carol.",
      on = "carol", type = START, expect = "<...>", check = function(p) return typeof(p) == "pid" end },
    { say = "From carol: one singleton, on alice.",
      on = "carol", type = [[node_of(global.whereis_name("singleton"))]],
      expect = [["alice@HOST"]], check = function(n) return n == at("alice") end },
    { say = "Now alice's node dies (close terminal alice, or kill -9 its process: here, kill -9). The waiting candidates see the singleton's DOWN and try again; one of them wins. Ask from carol after a moment:",
      act = function(ctx) ctx.kill("alice") end,
      on = "carol", type = [[sleep(500); return node_of(global.whereis_name("singleton"))]],
      expect = [["bob@HOST" or "carol@HOST": the singleton moved to a survivor]],
      check = function(n) moved = n; return n == at("bob") or n == at("carol") end },
    { say = "bob agrees: there is still one singleton, the same one. (When the drill ends it stops bob, then carol: if bob holds the singleton, carol's candidate takes over in between, and says so.)",
      on = "bob", type = [[node_of(global.whereis_name("singleton"))]],
      expect = [[the same node as carol said]],
      check = function(n) return n ~= nil and n == moved end },
  },
}

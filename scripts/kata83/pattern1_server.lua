-- Kata 83 (seed 000_d3057ad8855411e3.txt), Common Patterns, Pattern 1:
-- a distributed GenServer. DistributedWorker.start_link(opts) starts a
-- GenServer under {:global, name} (name from opts, __MODULE__ by default);
-- get_state(name) is GenServer.call({:global, name}, :get_state) from any
-- node. In Lua: server.start(DistributedWorker, opts, {global = name}) and
-- server.call({global = name}, atom.get_state). The code is kata 30's
-- (katas/30_distributed_server.lua): the guide has the learner load
-- their own on both nodes; self-running loads
-- scripts/lib/demo/distributed_server.lua.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/30_distributed_server.lua" }, "distributed_server.lua")
local LOAD = code.load("type(get_state)")

local function on(p, name) return typeof(p) == "pid" and node_of(p) == name .. "@" .. drill.host() end

drill.run {
  title = "Kata 83, Pattern 1: a distributed GenServer",
  seed = "000_d3057ad8855411e3.txt, Common Patterns, Pattern 1: Distributed GenServer",
  nodes = { "alice", "bob" },
  steps = {
    { say = "Connect bob to alice.",
      on = "bob", type = [[node.connect("alice@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load DistributedWorker on alice: " .. code.whose .. ".",
      on = "alice", type = LOAD, expect = [["function": the code is loaded]],
      check = function(t) return t == "function" end },
    { say = "And on bob (each node runs its own copy of the module, as with mix).",
      on = "bob", type = LOAD, expect = [["function"]],
      check = function(t) return t == "function" end },
    { say = "On alice: start the worker under the global name \"inventory\" (start_link(name: :inventory) in Elixir).",
      on = "alice", type = [[w = start_link({name = "inventory", items = 3}); return w]],
      expect = "<0.NN.0>, a pid of alice", check = function(p) return on(p, "alice") end },
    { say = "On bob: get_state(\"inventory\") reaches alice's server by its global name: no node named, no pid.",
      on = "bob", type = [[get_state("inventory")]], expect = [[{items = 3, name = "inventory"}]],
      check = function(s) return type(s) == "table" and s.items == 3 and s.name == "inventory" end },
    { say = "On bob: a second start under the same name fails, on any node (Elixir: {:error, {:already_started, pid}}).",
      on = "bob", type = [[start_link({name = "inventory", items = 0})]],
      expect = [[nil, "inventory is already registered to <...>"]],
      check = function(p, why) return p == nil and why ~= nil end },
    { say = "With no name, the worker is registered as \"DistributedWorker\" (Keyword.get(opts, :name, __MODULE__)). Start one on bob.",
      on = "bob", type = [[start_link({})]], expect = "<...>, a pid of bob",
      check = function(p) return on(p, "bob") end },
    { say = "On alice: global.whereis_name finds it, on bob.",
      on = "alice", type = [[node_of(global.whereis_name("DistributedWorker"))]],
      expect = [["bob@HOST"]], check = function(n) return n == "bob@" .. drill.host() end },
  },
}

-- Chapter 12 learning exercises (seed 004_01a4f6805bed991c.txt),
-- Integration Exercise 1: the distributed KV store. One writer for the
-- cluster, a GenServer under {:global, DistributedKV}; each node's own
-- copy (the seed's ETS table; here a Lua table of the node), filled by the
-- writer with :rpc.call on every node; reads from the local copy. The
-- seed's test: start on all nodes, put from node1, get_local on node2. Then
-- what "handle node disconnections" means here: node1, the writer's node,
-- dies (kill -9); node2 still reads its copy, and becomes the writer.
-- The code is kata 33's (katas/33_kv_store.lua): the guide has the learner
-- load their own; self-running loads scripts/lib/demo/kv_store.lua. The seed's init makes the ETS table,
-- but init does not run on a node whose start finds the name taken: the
-- kata's kv_start makes the copy first, then starts the server.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/33_kv_store.lua" }, "kv_store.lua")
local LOAD = code.load("type(kv_start)")

local function at(name) return name .. "@" .. drill.host() end
local function loaded(t) return t == "function" end
local function ok_alice(t) return typeof(t) == "tuple" and t[1] == atom.ok and t[2] == "Alice" end

drill.run {
  title = "Integration Exercise 1: a distributed KV store",
  seed = "004_01a4f6805bed991c.txt, Integration Exercises, Exercise 1: Distributed KV Store",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load DistributedKV on node1: " .. code.whose .. ".",
      on = "node1", type = LOAD, expect = [["function"]], check = loaded },
    { say = "And on node2.", on = "node2", type = LOAD, expect = [["function"]], check = loaded },
    { say = "Start on all nodes: DistributedKV.start_link() is kv_start(). node1 first: it becomes the single writer.",
      on = "node1", type = [[kv_start()]], expect = "<...>, the writer's pid",
      check = function(p) return typeof(p) == "pid" end },
    { say = "On node2: the global name is taken, so no second writer; node2 keeps a copy all the same.",
      on = "node2", type = [[kv_start()]], expect = [[nil, "DistributedKV is already registered to <...>"]],
      check = function(p, why) return p == nil and why ~= nil end },
    { say = "Write from node1: DistributedKV.put(:user_1, \"Alice\").",
      on = "node1", type = [[kv_put(atom.user_1, "Alice")]], expect = ":ok", check = ":ok" },
    { say = "Read from node2, locally: DistributedKV.get_local(:user_1). No network call: the writer put it in node2's copy through rpc.",
      on = "node2", type = [[kv_get_local(atom.user_1)]], expect = [[{:ok, "Alice"}]], check = ok_alice },
    { say = "get goes to the writer instead (a call across the network):",
      on = "node2", type = [[kv_get(atom.user_2)]], expect = ":not_found", check = ":not_found" },
    { say = "Now node1, the writer's node, dies (kill -9 here; close its terminal in yours). node2's copy is still there:",
      act = function(ctx) ctx.kill("node1") end,
      on = "node2", type = [[kv_get_local(atom.user_1)]], expect = [[{:ok, "Alice"}]], check = ok_alice },
    { say = "The global name went away with node1. node2 starts the writer again; it keeps node2's copy.",
      on = "node2", type = [[for _ = 1, 50 do if not global.whereis_name("DistributedKV") then break end sleep(20) end
return kv_start()]], expect = "<...>, node2's new writer",
      check = function(p) return typeof(p) == "pid" and node_of(p) == at("node2") end },
    { say = "Writes work again; node1 is not in Node.list() any more, so the writer does not wait for it.",
      on = "node2", type = [[kv_put(atom.user_2, "Bob"); return kv_get(atom.user_1), kv_get(atom.user_2)]],
      expect = [[{:ok, "Alice"}, {:ok, "Bob"}]],
      check = function(a, b) return ok_alice(a) and typeof(b) == "tuple" and b[2] == "Bob" end },
  },
}

-- Chapter 12's project, the Distributed Todo Cluster (seed
-- 001_d7442e0c1c955a79.txt), its four steps on two nodes with the code of
-- kata 20, katas/20_todo_cluster.lua, where the learner writes steps 1-3
-- (the guide has them load their own on both nodes, as `iex -S mix` loads
-- one's project; self-running loads scripts/lib/demo/todo_cluster.lua):
--   Step 1, global registration: a todo server named {todo_list, name};
--   Step 2, global discovery: server_process finds it or starts it;
--   Step 3, replication: store calls store_local on every node with
--   rpc.multicall, each node writing into a folder of its own;
--   Step 4, testing the cluster: Bob made on node2, his file on both
--   nodes, node2 killed, Bob back on node1 with his entry from node1's disk.
-- What differs from the seed: no mix project and no supervision tree (the
-- code is loaded with dofile, and server_process starts the server itself
-- where the seed's cache asks a DynamicSupervisor); node2 dies by kill -9 where the seed calls System.stop() (a harder death, and
-- the same outcome for node1).
--   repl scripts/ch12/todo_cluster.lua              runs it by itself (the
--   files go to a temporary folder, removed at the end)
--   repl --sname node1 -i scripts/ch12/todo_cluster.lua   the guide for
--   terminal node1 (the files go to persist/ in the current folder)
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local guided = project.guided

-- Guided (--guide, or inside the learner's named node) the files go to
-- persist/, as in the seed; self-running, to a folder of our own.
local persist = "persist"
if not guided then
  persist = os.tmpname()
  os.remove(persist)
end
local code = project.code({ "katas/20_todo_cluster.lua" }, "todo_cluster.lua")
local LOAD = ('PERSIST = "%s"\n'):format(persist) .. code.load("type(server_process)")

local function is_pid_on(p, name) return typeof(p) == "pid" and node_of(p) == at(name) end
local function list_is(l, want)
  return type(l) == "table" and #l == #want and table.concat(l, "\n") == table.concat(want, "\n")
end

drill.run {
  title = "Chapter 12 project: the Distributed Todo Cluster",
  seed = "001_d7442e0c1c955a79.txt, The Distributed Todo Cluster",
  nodes = { { name = "node1", cookie = "monster" }, { name = "node2", cookie = "monster" } },
  steps = {
    { say = "Both nodes run with the cookie monster (iex --sname node1 --cookie monster -S mix: the terminals' command lines carry --cookie monster). Connect: in node2, Node.connect(:node1@Hostname).",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load the project's code on node1 (iex -S mix): " .. code.whose .. ". Steps 1 to 3 of the seed are its code; this drill tries each, then does step 4. PERSIST is the folder of the per-node folders.",
      on = "node1", type = LOAD, expect = [["function": the code is loaded]],
      check = function(t) return t == "function" end },
    { say = "And on node2.",
      on = "node2", type = LOAD, expect = [["function"]],
      check = function(t) return t == "function" end },
    { say = "Step 1, global registration: todo_start registers the server under {todo_list, name} with :global (server.start with {global = tuple(atom.todo_list, name)}); no local registry any more. Start Alice's list on node1.",
      on = "node1", type = [[alice = todo_start("Alice"); return alice]],
      expect = "<0.NN.0>", check = function(p) return typeof(p) == "pid" end },
    { say = "node2 finds it by that name: global.whereis_name(tuple(atom.todo_list, \"Alice\")).",
      on = "node2", type = [[global.whereis_name(tuple(atom.todo_list, "Alice"))]],
      expect = "<N.NN.0>, N not 0: a pid of node1's", check = function(p) return is_pid_on(p, "node1") end },
    { say = "Step 2, global discovery: server_process asks global first and starts a server only when none runs. Asked on node2 for Alice, it returns node1's server, and starts nothing.",
      on = "node2", type = [[server_process("Alice") == global.whereis_name(tuple(atom.todo_list, "Alice"))]],
      expect = "true", check = function(same) return same == true end },
    { say = "Step 3, database replication: store calls store_local on all nodes with rpc.multicall; store_local writes under PERSIST/<node name>/. Store a test key from node1: the results of both nodes, no bad node.",
      on = "node1", type = [[store("test", {"hello"})]],
      expect = "[:ok, :ok], []", check = function(r, bad) return type(r) == "table" and #r == 2 and #bad == 0 end },
    { say = "Each node wrote its own copy, in its own folder.",
      on = "node1", type = [[
local function exists(n) local f = io.open(PERSIST .. "/" .. n .. "/test"); if f then f:close() end; return f ~= nil end
return exists("node1@HOST"), exists("node2@HOST")]],
      expect = "true, true", check = function(a, b) return a == true and b == true end },
    { say = "Step 4, testing the cluster. Create data on node2: Todo.Cache.server_process(\"Bob\") starts Bob's list there.",
      on = "node2", type = [[bob = server_process("Bob"); return bob]],
      expect = "<0.NN.0>, a pid of node2's", check = function(p) return is_pid_on(p, "node2") end },
    { say = "Add an entry (a cast; the server stores its list on every node).",
      on = "node2", type = [[add_entry(bob, "Dentist")]], check = function() return true end },
    { say = "Bob's entries (a call, answered after the cast and its store).",
      on = "node2", type = [[entries(bob)]], expect = [=[["Dentist"]]=],
      check = function(l) return list_is(l, { "Dentist" }) end },
    { say = "Verify replication: is Bob's file in persist/node1 AND persist/node2? Ask node1's disk.",
      on = "node1", type = [[
local function read(n)
  local f = io.open(PERSIST .. "/" .. n .. "/Bob"); if not f then return nil end
  local s = f:read("a"); f:close(); return s
end
return read("node1@HOST"), read("node2@HOST")]],
      expect = [["Dentist\n", "Dentist\n"]],
      check = function(a, b) return a == "Dentist\n" and b == "Dentist\n" end },
    { say = "Verify failover: kill node2 (the seed calls System.stop(); here kill -9, as a crash: close terminal node2, or kill its repl).",
      on = "node2", act = function(ctx) ctx.kill("node2") end },
    { say = "node1 sees node2 go, and global drops the names of node2's processes: Bob's name is free. (It takes a moment: we wait for it.)",
      on = "node1", type = [[
for _ = 1, 100 do
  if global.whereis_name(tuple(atom.todo_list, "Bob")) == nil then break end
  sleep(10)
end
return global.whereis_name(tuple(atom.todo_list, "Bob")), node.list()]],
      expect = "nil, []", check = function(p, l) return p == nil and type(l) == "table" and #l == 0 end },
    { say = "In node1, ask for Bob: a server is started, on node1 this time.",
      on = "node1", type = [[bob = server_process("Bob"); return bob]],
      expect = "<0.NN.0>, a pid of node1's", check = function(p) return is_pid_on(p, "node1") end },
    { say = "And the data: loaded from node1's disk when the server started.",
      on = "node1", type = [[entries(bob)]], expect = [=[["Dentist"]]=],
      check = function(l) return list_is(l, { "Dentist" }) end },
    { say = guided and "That is the project. Your files are in persist/." or "That is the project (the temporary folder is removed).",
      on = "node1", act = function() if not guided then os.execute("rm -rf '" .. persist .. "'") end end },
  },
}

-- Learning exercises, Drill 3: global process registration (seed
-- 004_01a4f6805bed991c.txt). node1 registers its shell as counter; node2
-- is refused the same name, finds node1's process with whereis_name and
-- sends it :hello. Then the distributed counter: a server registered
-- cluster-wide, incremented and read from both nodes; and the drill's
-- questions, answered by trying.
-- Elixir -> Lua: :global.register_name(:counter, self()) is
-- global.register_name("counter", self()) ("counter" and atom.counter are
-- one name); :yes / :no are true / false (and why); :undefined is nil.
-- GenServer is our server module: GenServer.start_link(M, 0, name:
-- {:global, M}) is server.start(callbacks, 0, {global = "counter"}),
-- GenServer.cast/call({:global, M}, msg) is server.cast/call({global =
-- "counter"}, msg); init returns the state, handle_cast the new state,
-- handle_call the reply and the state (no {:ok, ...} / {:noreply, ...}).
--   repl scripts/exercises/drill3_global.lua             runs it by itself
--   repl --sname node1 -i scripts/exercises/drill3_global.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

-- The counter module, typed on both nodes: the callbacks run where the
-- server was started; increment and get work from any node. The server
-- module takes a table of callbacks only, so the callbacks and the API
-- (start_link, increment, get) are two tables where Elixir has one module.
local COUNTER = [[
local callbacks = {}      -- the @impl GenServer part
function callbacks.init(count) return count end
function callbacks.handle_cast(msg, count) return count + 1 end
function callbacks.handle_call(req, from, count) return count, count end
DistributedCounter = {}   -- the API part
function DistributedCounter.start_link()
  return server.start(callbacks, 0, {global = "counter"})
end
function DistributedCounter.increment()
  return server.cast({global = "counter"}, atom.increment)
end
function DistributedCounter.get()
  return server.call({global = "counter"}, atom.get)
end]]

drill.run {
  title = "Learning exercises, Drill 3: global process registration",
  seed = "004_01a4f6805bed991c.txt, Drill 3",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "On node1, register the shell process globally as counter (:yes is true).",
      on = "node1", type = [[global.register_name("counter", self())]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "On node2, try to register the same name (:no is false, and we say why).",
      on = "node2", type = [[global.register_name("counter", self())]],
      expect = [[false, "counter is already registered to <...>"]],
      check = function(ok, why) return ok == false and type(why) == "string" end },
    { say = "On node2, find the globally registered process: node1's shell, a remote pid as node2 sees it (first number not 0).",
      on = "node2", type = [[pid = global.whereis_name("counter"); return pid]],
      expect = "<N.NN.0>, N not 0: a pid of node1's", check = function(p) return typeof(p) == "pid" and node_of(p) == at("node1") end },
    { say = "Send the globally registered process a message.",
      on = "node2", type = [[send(pid, atom.hello)]], expect = ":hello",
      check = function(m) return m == atom.hello end },
    { say = "On node1, flush() shows it.",
      on = "node1", type = [[flush()]], output = ":hello" },
    { say = "Build a distributed counter. The shell holds the name counter: free it first (:global.unregister_name).",
      on = "node1", type = [[global.unregister_name("counter")]],
      check = function() return true end },
    { say = "Define the counter module on node1 (the server module stands for GenServer).",
      on = "node1", type = COUNTER, check = function() return true end },
    { say = "And the same module on node2, so that its increment and get are there too.",
      on = "node2", type = COUNTER, check = function() return true end },
    { say = "On any node, start it: one server, named counter in the whole cluster.",
      on = "node1", type = [[DistributedCounter.start_link()]], expect = "<0.NN.0>, the server's pid",
      check = function(p) return typeof(p) == "pid" end },
    { say = "Increment it from node2 (a cast: no answer but true, as GenServer.cast's :ok).",
      on = "node2", type = [[DistributedCounter.increment()]], check = function() return true end },
    { say = "And once from node1.",
      on = "node1", type = [[DistributedCounter.increment()]], check = function() return true end },
    { say = "get() from node2 answers 2. (Casts from two nodes may arrive in either order; both arrive before a call that leaves after them from node2, so we wait for the count to reach 2.)",
      on = "node2", type = [[
local n
for _ = 1, 50 do n = DistributedCounter.get(); if n == 2 then break end sleep(10) end
return n]],
      expect = "2", check = function(n) return n == 2 end },
    { say = "Question 2: can you register the same name twice? No: a second start gets nil and why.",
      on = "node2", type = [[DistributedCounter.start_link()]],
      expect = [[nil, "... already registered ..." (GenServer's {:error, {:already_started, pid}})]],
      check = function(p, why) return p == nil and why ~= nil end },
    { say = "Question 1: what happens if the process crashes? Kill it: its name goes with it, on every node.",
      on = "node1", type = [[
exit(global.whereis_name("counter"), "kill")
sleep(100)
return global.whereis_name("counter")]],
      expect = "nil (:undefined): the name was removed", check = function(p) return p == nil end },
    { say = "Calls now fail (GenServer.call exits with :noproc); nobody restarts the counter unless a supervisor does, and its count is lost.",
      on = "node2", type = [[pcall(DistributedCounter.get)]],
      expect = [[false, "server.call: no process: ..." (pcall catches the error that GenServer.call's exit is here)]],
      check = function(ok, why) return ok == false and tostring(why):find("no process", 1, true) ~= nil end },
    { say = "Questions 3 and 4: registration takes a lock on every node and tells every node (a round of messages, slower as the cluster grows); whereis_name reads this node's own copy of the name table, with no message at all. Start the counter again, on node2 this time, and look it up on node1.",
      on = "node2", type = [[DistributedCounter.start_link()]], check = function(p) return typeof(p) == "pid" end },
    { say = "node1 finds it at once, and the new counter starts from 0.",
      on = "node1", type = [[return node_of(global.whereis_name("counter")), DistributedCounter.get()]],
      expect = [["node2@HOST", 0]],
      check = function(n, c) return n == at("node2") and c == 0 end },
  },
}

#!/bin/sh
# The seeds' cluster-service passages, translated line by line into our Lua
# and run on three repl nodes (n1 drives; n2 and n3 are the other
# terminals; n2 is killed with kill -9 near the end):
#   chapter 12 Drill 3, the global lock (seed 001);
#   the Distributed Todo Cluster: global registration under {todo_list,
#   name}, discovery with whereis_name and start when absent, replication
#   with rpc.multicall into a folder per node, and the failover after
#   node2 dies (seed 001);
#   kata 83: rpc, :global and :pg, and its three patterns, a globally
#   named server, fan-out to {name, node}, a cluster singleton (seed 000);
#   the learning exercises' Drills 3, 4 and 6 and the lock manager
#   (seed 004).
# GenServers run on the server module; where the seed names an Elixir
# module that Lua lacks (Enum.sum, :timer.sleep), cluster.lua below
# defines the smallest Lua stand-in, so that the calls keep their shape.
# Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
n1=t$$n1; n2=t$$n2; n3=t$$n3
N1=$n1@$HOST; N2=$n2@$HOST; N3=$n3@$HOST
PERSIST=$tmp/persist

# ---- what every node has loaded: the seeds' modules, in Lua ----
lua cluster.lua <<'EOF'
PERSIST = PERSIST or arg[2]

-- The seeds' GenServers run on the server module. A seed's module keeps
-- its API and its callbacks side by side, as Elixir's do; server.start
-- wants the callbacks alone, with handle_call's from.
local function callbacks(m)
  return {init = m.init, handle_cast = m.handle_cast,
          handle_call = function(req, _, s) return m.handle_call(req, s) end}
end
-- GenServer.start_link(mod, arg, name: {:global, name}): the pid, or nil
-- and the pid that has the name already ({:error, {:already_started, pid}}).
starts_lost = 0                          -- counted for the test's report only
local function start_global(name, m, arg)
  local pid = server.start(callbacks(m), arg, {global = name})
  if pid then return pid end
  starts_lost = starts_lost + 1
  return nil, global.whereis_name(name)
end

-- Stand-ins for the Elixir modules the seeds call by rpc.
Enum = {sum = function(list) local s = 0; for _, x in ipairs(list) do s = s + x end; return s end}
timer = {sleep = function(ms) sleep(ms); return A.ok end}

-- ---- the Distributed Todo Cluster (seed 001) ----

-- Todo.Database: store_local writes into a folder named after the node
-- (the seed's persist/node1/); store calls store_local on every node,
-- this one included, with rpc.multicall.
TodoDatabase = {}
function TodoDatabase.folder() return PERSIST .. "/" .. node.self() end
function TodoDatabase.store_local(key, entries)
  os.execute("mkdir -p '" .. TodoDatabase.folder() .. "'")   -- File.mkdir_p!
  local f = assert(io.open(TodoDatabase.folder() .. "/" .. key, "w"))
  f:write(table.concat(entries, "\n"), "\n")
  f:close()
  return A.ok
end
function TodoDatabase.store(key, entries)
  return rpc.multicall("TodoDatabase", "store_local", {key, entries})
end
function TodoDatabase.get(key)
  local f = io.open(TodoDatabase.folder() .. "/" .. key)
  local out = {}
  if f then for line in f:lines() do out[#out + 1] = line end; f:close() end
  return out
end

-- Todo.Server: registered with :global under {todo_list, name}; its
-- entries come from this node's disk when it starts.
TodoServer = {}
function TodoServer.start(name) return start_global(T(A.todo_list, name), TodoServer, name) end
function TodoServer.add_entry(pid, entry) return server.cast(pid, T(A.add_entry, entry)) end
function TodoServer.entries(pid) return server.call(pid, A.entries) end
function TodoServer.init(name) return {name = name, entries = TodoDatabase.get(name)} end
function TodoServer.handle_cast(req, s)
  if req[1] == A.add_entry then
    s.entries[#s.entries + 1] = req[2]
    TodoDatabase.store(s.name, s.entries)
  end
  return s
end
function TodoServer.handle_call(req, s) return s.entries, s end

-- Todo.Cache.server_process: the global name first; started when absent.
TodoCache = {}
function TodoCache.server_process(name)
  local pid = global.whereis_name(T(A.todo_list, name))
  if pid then return pid end
  local new, existing = TodoServer.start(name)
  return new or existing
end

-- ---- kata 83's patterns (seed 000) ----

-- Pattern 1: a GenServer registered as {:global, name}.
DistributedWorker = {}
function DistributedWorker.start_link(name) return start_global(name, DistributedWorker, name) end
function DistributedWorker.get_state(name) return server.call({global = name}, A.get_state) end
function DistributedWorker.init(name) return name .. " started on " .. node.self() end
function DistributedWorker.handle_call(_, s) return s, s end
function DistributedWorker.handle_cast(_, s) return s end

-- Pattern 2: every node runs a local my_server; here it tells `report`
-- what reached it.
MyServer = {}
function MyServer.start(report)
  register("my_server", spawn(function()
    while true do send(report, T(A.fanned, node.self(), receive())) end
  end))
  return true
end
function broadcast(message)
  for _, n in ipairs({node.self(), table.unpack(node.list())}) do
    send(T("my_server", n), message)
  end
end

-- Pattern 3: the singleton. run_singleton_work serves until killed; a
-- candidate that gets :no watches the singleton and tries again when it
-- goes, so the singleton moves when its node dies.
Singleton = {}
function Singleton.candidate(report)
  while true do
    if global.register_name(A.singleton, self()) then
      send(report, T(A.singleton_running, node.self(), self()))
      while true do receive() end            -- run_singleton_work()
    end
    send(report, T(A.already_running, node.self()))
    local p = global.whereis_name(A.singleton)
    if p then
      local ref = monitor(p)
      receive(T(A.DOWN, ref, ANY, ANY, ANY))
    end
  end
end

-- ---- the learning exercises (seed 004) ----

-- Drill 3: a counter registered as {:global, DistributedCounter}.
DistributedCounter = {}
local COUNTER = {global = "DistributedCounter"}
function DistributedCounter.start_link() return start_global("DistributedCounter", DistributedCounter, 0) end
function DistributedCounter.increment() return server.cast(COUNTER, A.increment) end
function DistributedCounter.get() return server.call(COUNTER, A.get) end
function DistributedCounter.init(count) return count end
function DistributedCounter.handle_cast(_, count) return count + 1 end
function DistributedCounter.handle_call(_, count) return count, count end

-- Drill 4: pub-sub on pg.
PubSub = {}
function PubSub.subscribe(topic)
  pg.start()                 -- :pg.start_link(): nil, "already started" after the first
  return pg.join(topic, self())
end
function PubSub.publish(topic, message)
  for _, pid in ipairs(pg.get_members(topic)) do send(pid, T(A.message, topic, message)) end
end
function PubSub.unsubscribe(topic) return pg.leave(topic, self()) end

-- The lock manager: global.set_lock on [node() | Node.list()]. Its third
-- argument is Erlang's Retries (the seed calls it timeout).
LockManager = {}
local function everyone() return {node.self(), table.unpack(node.list())} end
function LockManager.acquire(resource, retries)
  local lock_id = T(resource, self())
  if global.set_lock(lock_id, everyone(), retries) then return T(A.ok, lock_id) end
  return T(A.error, A.timeout)
end
function LockManager.release(lock_id) return global.del_lock(lock_id, everyone()) end
function LockManager.with_lock(resource, fun, retries)
  local r = LockManager.acquire(resource, retries)
  if r[1] ~= A.ok then return r end
  local ok, v = pcall(fun)
  LockManager.release(r[2])
  if not ok then error(v, 0) end
  return v
end
EOF

lua serve.lua <<'EOF'
dofile(arg[1])
say("ready", node.self())
while true do receive() end
EOF

lua n1.lua <<'EOF'
dofile(arg[1])
local N2, N3, OFFLINE = arg[3], arg[4], arg[5]
local N1 = node.self()
local ALL = {N1, N2, N3}

-- at(n, f, ...): f(...) run in a new process on node n (what one types in
-- that node's shell), its results back here. f travels with its upvalues
-- copied, so it names services through globals (function(x) return
-- global.whereis_name(x) end): global.whereis_name itself would carry this
-- node's name table along and answer with this node's view.
function at(n, f, ...)
  local me, ref, args = self(), make_ref(), table.pack(...)
  if n == node.self() then return f(...) end
  node.spawn(n, function() send(me, T(ref, table.pack(f(table.unpack(args, 1, args.n))))) end)
  local m = wait_msg(T(ref, ANY), 10000, "an answer from " .. n)
  if m then return table.unpack(m[2], 1, m[2].n) end
end
-- until_(f): polls f() for up to 10 s.
local function until_(f)
  for _ = 1, 500 do if f() then return true end sleep(20) end
  return false
end
-- agree(name): the pid every node in nodes names for name, or "differ".
local function agree(name, nodes)
  local first = global.whereis_name(name)
  for _, n in ipairs(nodes or ALL) do
    if at(n, function(x) return global.whereis_name(x) end, name) ~= first then return "differ" end
  end
  return first
end
local function tagged(tag) return function(m) return typeof(m) == "tuple" and m[1] == tag end end
local function sorted(t) table.sort(t); return table.concat(t, ",") end

say("connect", node.connect(N2), node.connect(N3))
say("mesh", until_(function() return #node.list() == 2 and #(at(N2, function() return node.list() end) or {}) == 2 end))
global.sync()

-- ==== chapter 12, Drill 3: the global lock ====
say("boss-register", global.register_name(A.boss, self()))                     -- node1
say("boss-again", at(N2, function() return global.register_name(A.boss, self()) end))  -- node2: :no
at(N2, function() global.send(A.boss, "I surrender") end)
say("boss-got", receive("I surrender", 5000))
at(N3, function() global.send(A.boss, "and I, from " .. node.self()) end)
say("boss-got-n3", receive(function(m) return m == "and I, from " .. N3 end, 5000) ~= nil)
say("boss-whereis", agree(A.boss) == self())
global.unregister_name(A.boss)     -- a pid holds one global name; Drill 3 below needs self()

-- ==== kata 83: rpc ====
say("k83-upcase", rpc.call(N2, "string", "upper", {"hello"}))
say("k83-sum-5000", rpc.call(N2, "Enum", "sum", {{1, 2, 3}}, 5000))
io.write("k83-timeout "); say(str(table.pack(rpc.call(N2, "timer", "sleep", {1000}, 100))[2]))
say("k83-cast", rpc.cast(N2, function() print("fire and forget") end))
-- IO.puts's Lua twin is print, a global function: "_G" is its module.
-- (io.write would write to node3's own stdout, not the caller's terminal.)
say("k83-cast-mfa", rpc.cast(N3, "_G", "print", {"fire and forget, module _G, function print"}))

-- ==== kata 83: :global ====
say("k83-register", global.register_name(A.my_service, self()))
say("k83-whereis", at(N2, function() return global.whereis_name(A.my_service) end) == self(), agree(A.my_service) == self())
say("k83-unregister", global.unregister_name(A.my_service), agree(A.my_service) == nil)
local svc = spawn(function() local m = receive(); send(m[2], T(A.served, m[3])) end)
global.register_name(A.my_service, svc)
at(N3, function(me) global.send(A.my_service, T(A.hello, me, "via global.send")) end, self())
local m = wait_msg(tagged(A.served), 5000, "global.send's reply")
say("k83-global-send", m and m[2])

-- ==== kata 83: :pg ====
local on1 = self()
-- :pg.start_link() ("usually in supervision tree"): on every node, as
-- no node runs pg by itself
say("k83-pg-start", typeof(pg.start()), typeof(at(N2, function() return pg.start() end)),
    typeof(at(N3, function() return pg.start() end)))
say("k83-pg-start-again", (select(2, pg.start("pg"))))
say("k83-pg-join", pg.join(A.workers, self()))
local w2 = node.spawn(N2, function() pg.join(A.workers, self()); receive() end)
say("k83-pg-members", until_(function()
  local ms = pg.get_members(A.workers)
  return #ms == 2 and (ms[1] == w2 or ms[2] == w2)
end))
local loc = pg.get_local_members(A.workers)
say("k83-pg-local", #loc, loc[1] == on1, #(at(N2, function() return pg.get_local_members(A.workers) end) or {}))
say("k83-pg-leave", pg.leave(A.workers, self()),
    until_(function() local ms = at(N3, function() return pg.get_members(A.workers) end) or {}; return #ms == 1 and ms[1] == w2 end))
exit(w2, "kill")

-- ==== kata 83, pattern 1: a distributed GenServer ====
say("p1-start", typeof(DistributedWorker.start_link("worker")))
local states = {}
for _, n in ipairs(ALL) do states[#states + 1] = at(n, DistributedWorker.get_state, "worker") end
say("p1-get-state", #states, states[1] == states[2] and states[2] == states[3], states[1])

-- ==== kata 83, pattern 2: fan-out to all nodes ====
for _, n in ipairs(ALL) do at(n, MyServer.start, self()) end
broadcast(T(A.hello, "everyone"))
local got = {}
for _ = 1, 3 do
  local f = wait_msg(tagged(A.fanned), 5000, "a fanned-out message")
  if f and f[3][2] == "everyone" then got[#got + 1] = f[2] end
end
say("p2-fan-out", sorted(got))

-- ==== kata 83, pattern 3: a cluster singleton (started on node2 first) ====
node.spawn(N2, Singleton.candidate, self())
local s = wait_msg(tagged(A.singleton_running), 5000, "the singleton")
say("p3-first", s and s[2])
node.spawn(N1, Singleton.candidate, self())
node.spawn(N3, Singleton.candidate, self())
local no = {}
for _ = 1, 2 do
  local r = wait_msg(tagged(A.already_running), 5000, "a candidate's :no")
  if r then no[#no + 1] = r[2] end
end
say("p3-already-running", sorted(no), receive(tagged(A.singleton_running), 200) == nil)

-- ==== learning exercises, Drill 3: global registration, a counter ====
say("d3-register", global.register_name(A.counter, self()))
say("d3-again", at(N2, function() return global.register_name(A.counter, self()) end))
local cpid = at(N2, function() return global.whereis_name(A.counter) end)
say("d3-whereis", cpid == self())
at(N2, function(p) send(p, A.hello) end, cpid)
-- at() returned after node2's send (one sender, in order): it is here
say("d3-flush:")
flush()
say("d3-flushed")
global.unregister_name(A.counter)
say("d3-counter-start", typeof(DistributedCounter.start_link()))
DistributedCounter.increment()
DistributedCounter.increment()
say("d3-counter-get", DistributedCounter.get())
local me = self()
for _, n in ipairs(ALL) do
  node.spawn(n, function()
    for _ = 1, 100 do DistributedCounter.increment() end
    send(me, T(A.counted, node.self(), DistributedCounter.get()))   -- after this node's casts
  end)
end
for _ = 1, 3 do wait_msg(tagged(A.counted), 10000, "a node's increments") end
say("d3-counter-total", DistributedCounter.get())

-- ==== learning exercises, Drill 4: pg pub-sub ====
say("d4-subscribe", PubSub.subscribe(A.news))
node.spawn(N2, function()
  PubSub.subscribe(A.news)
  while #pg.get_members(A.news) < 2 do sleep(20) end    -- node1's join arrives
  PubSub.publish(A.news, "Breaking: Elixir is awesome!")
  local got2 = receive(T(A.message, ANY, ANY), 5000)
  send(me, T(A.n2_got, got2))
end)
local mine = wait_msg(T(A.message, ANY, ANY), 5000, "the published message")
say("d4-node1-got", str(mine))
local theirs = wait_msg(tagged(A.n2_got), 5000, "node2's message")
say("d4-node2-got", str(theirs and theirs[2]))
say("d4-unsubscribe", PubSub.unsubscribe(A.news))

-- ==== learning exercises, Drill 6: rpc ====
say("d6-node", rpc.call(N2, "node", "self", {}))
local big = {}
for i = 1, 1000 do big[i] = i end
say("d6-sum", rpc.call(N2, "Enum", "sum", {big}))
local res, bad = rpc.multicall({N1, table.unpack(node.list())}, "node", "self", {})
say("d6-multicall", sorted(res), str(bad))
io.write("d6-undef "); say(str(table.pack(rpc.call(N2, "NonExistent", "foo", {}))[2]))
io.write("d6-offline "); say(str(table.pack(rpc.call(OFFLINE, "node", "self", {}))[2]))

-- ==== learning exercises, the lock manager ====
-- two processes on two nodes take :database in turn: entered/left never overlap
local function worker(report, tag)
  return function()
    LockManager.with_lock(A.database, function()
      send(report, T(A.entered, tag)); sleep(300); send(report, T(A.left, tag))
    end)
  end
end
node.spawn(N1, worker(me, "n1"))
node.spawn(N3, worker(me, "n3"))
local seq = {}
for _ = 1, 4 do
  local e = wait_msg(function(x) return typeof(x) == "tuple" and (x[1] == A.entered or x[1] == A.left) end, 10000, "the lock")
  if e then seq[#seq + 1] = atom_name(e[1]) .. ":" .. e[2] end
end
local order = table.concat(seq, " ")
say("lock-one-waits", order:match("^entered:(%w+) left:%1 entered:(%w+) left:%2$") ~= nil, order)
-- a holder that never releases; the others time out, then it is killed
local holder = node.spawn(N3, function()
  local r = LockManager.acquire(A.database)
  send(me, T(A.holding, r[1]))
  receive()
end)
say("lock-held", str((wait_msg(tagged(A.holding), 5000, "the holder") or {})[2]))
say("lock-timeout", str(at(N2, function() return LockManager.acquire(A.database, 2) end)))
node.spawn(N2, function()
  local v = LockManager.with_lock(A.database, function() return "after the holder" end)
  send(me, T(A.waited, v))
end)
say("lock-waiting", receive(tagged(A.waited), 300) == nil)
exit(holder, "kill")
local w = wait_msg(tagged(A.waited), 10000, "the waiter")
say("lock-released-by-kill", w and w[2])

-- ==== the Distributed Todo Cluster ====
-- step 1 and 2, in node2: create the list for Bob and add an entry
local bob = at(N2, function()
  local pid = TodoCache.server_process("Bob")
  TodoServer.add_entry(pid, "Dentist")
  return pid, TodoServer.entries(pid)
end)
say("todo-bob-on-n2", node_of(bob) == N2)
local listed = false
for _, nm in ipairs(at(N3, function() return global.registered_names() end) or {}) do
  listed = listed or (typeof(nm) == "tuple" and nm[1] == A.todo_list and nm[2] == "Bob")
end
say("todo-global-name", agree(T(A.todo_list, "Bob")) == bob, listed)
say("todo-entries", str(at(N2, function(p) return TodoServer.entries(p) end, bob)))
-- discovery from another node: the same process
say("todo-found-from-n3", at(N3, TodoCache.server_process, "Bob") == bob)
-- two nodes race to start one list: one pid for both, every round
local same = 0
for k = 1, 5 do
  local name = "Race" .. k
  local racers = {}
  for _, n in ipairs({N1, N3}) do
    racers[#racers + 1] = node.spawn(n, function()
      receive(A.go)
      send(me, T(A.raced, TodoCache.server_process(name)))
    end)
  end
  for _, r in ipairs(racers) do send(r, A.go) end
  local a = wait_msg(tagged(A.raced), 5000, "a racer")
  local b = wait_msg(tagged(A.raced), 5000, "a racer")
  if a and b and a[2] == b[2] and agree(T(A.todo_list, name)) == a[2] then same = same + 1 end
end
local lost = 0
for _, n in ipairs({N1, N3}) do lost = lost + (at(n, function() return starts_lost end) or 0) end
say("todo-race", same, "rounds; starts that lost the registration:", lost)
say("todo-stored") -- the shell looks in persist/<node>/Bob now
say("todo-store-multicall", str(TodoDatabase.store("Carol", {"Call Bob"})))

-- step 4: kill node2 (kill -9), then ask for Bob on node1
node.monitor(N2, true)
say("KILL-N2")
say("n2-down", str(receive(T(A.nodedown, N2), 10000)))
say("todo-name-gone", until_(function() return global.whereis_name(T(A.todo_list, "Bob")) == nil end))
local bob2 = TodoCache.server_process("Bob")
say("todo-restarted-on-n1", node_of(bob2), agree(T(A.todo_list, "Bob"), {N1, N3}) == bob2)
say("todo-data-after-failover", str(TodoServer.entries(bob2)))
TodoServer.add_entry(bob2, "Buy milk")
say("todo-after-failover", str(TodoServer.entries(bob2)))
-- the singleton moved to a survivor
local moved = wait_msg(tagged(A.singleton_running), 10000, "the singleton to move")
say("p3-moved", moved and (moved[2] == N1 or moved[2] == N3),
    moved ~= nil and agree(A.singleton, {N1, N3}) == moved[3])
say("p3-one-only", receive(tagged(A.singleton_running), 300) == nil)
say("done")
halt()
EOF

start_node n2 --sname "$n2" --cookie monster "$tmp/serve.lua" "$tmp/cluster.lua" "$PERSIST"
start_node n3 --sname "$n3" --cookie monster "$tmp/serve.lua" "$tmp/cluster.lua" "$PERSIST"
wait_registered "$n2" || true
wait_registered "$n3" || true
start_node n1 --sname "$n1" --cookie monster "$tmp/n1.lua" "$tmp/cluster.lua" "$PERSIST" \
  "$N2" "$N3" "offline$$@$HOST"
O=$tmp/n1.out

# the files the replication wrote, looked at as the seed does (step 5)
stored=no
if wait_for "$O" "^(todo-stored|TIMEOUT)" 60 && grep -q "^todo-stored" "$O"; then stored=yes; fi
for nd in "$N1" "$N2" "$N3"; do
  if [ $stored = yes ] && [ "$(cat "$PERSIST/$nd/Bob" 2>/dev/null)" = "Dentist" ]; then
    ok "replication: Bob's entry is in persist/$nd (rpc.multicall of store_local)"
  else
    not_ok "replication: Bob's entry is in persist/$nd" "$O"
  fi
done
if wait_for "$O" "^(KILL-N2|TIMEOUT)" 30 && grep -q "^KILL-N2" "$O"; then
  kill -9 "$pid_n2"; ok "kill -9 node2"
else
  not_ok "kill -9 node2 (n1 never asked)" "$O"
fi
wait_for "$O" "^(done|TIMEOUT)" 30 || true

h="ch12 Drill 3:"
check "the nodes connect" "$O" "^connect true true$" 0
check "... and mesh" "$O" "^mesh true$" 0
check "$h :global.register_name(:boss, self()) on node1: true (:yes)" "$O" "^boss-register true$" 0
check "$h the same on node2: false (:no)" "$O" "^boss-again false " 0
check "$h :global.send(:boss, \"I surrender\") from node2 arrives" "$O" "^boss-got I surrender$" 0
check "$h global.send from a third node arrives" "$O" "^boss-got-n3 true$" 0
check "$h whereis_name(:boss) is the same pid on every node" "$O" "^boss-whereis true$" 0

h="kata 83 rpc:"
check "$h rpc.call(bob, \"string\", \"upper\", {\"hello\"}) is \"HELLO\"" "$O" "^k83-upcase HELLO$" 0
check "$h rpc.call(bob, \"Enum\", \"sum\", {{1, 2, 3}}, 5000) is 6" "$O" "^k83-sum-5000 6$" 0
check "$h a timeout that expires: {:badrpc, :timeout}" "$O" "^k83-timeout \{:badrpc, :timeout\}$" 0
check "$h rpc.cast returns true" "$O" "^k83-cast true$" 0
check "$h ... and its output comes to the caller's terminal (group leader)" "$O" "^fire and forget$" 0
check "$h rpc.cast(node3, \"_G\", \"print\", {...}) returns true" "$O" "^k83-cast-mfa true$" 0
check "$h ... and prints on the caller's terminal" "$O" "^fire and forget, module _G, function print$" 0
h="kata 83 :global:"
check "$h register_name(:my_service, self()) is true" "$O" "^k83-register true$" 0
check "$h whereis_name from any node finds it" "$O" "^k83-whereis true true$" 0
check "$h unregister_name: gone on every node" "$O" "^k83-unregister true true$" 0
check "$h global.send reaches the named process" "$O" "^k83-global-send via global.send$" 0
h="kata 83 :pg:"
check "$h pg.start() on each node: the scope's pid" "$O" "^k83-pg-start pid pid pid$" 0
check "$h pg.start(\"pg\") again: already started" "$O" "^k83-pg-start-again already started$" 0
check "$h pg.join(:workers, self()) is true" "$O" "^k83-pg-join true$" 0
check "$h get_members lists both nodes' members" "$O" "^k83-pg-members true$" 0
check "$h get_local_members only this node's" "$O" "^k83-pg-local 1 true 1$" 0
check "$h leave: gone from every node's view" "$O" "^k83-pg-leave true true$" 0
h="kata 83 patterns:"
check "$h 1, a {:global, name} server: started" "$O" "^p1-start pid$" 0
check "$h 1, ... called from every node, one state" "$O" "^p1-get-state 3 true worker started on $N1$" 0
sorted=$(printf '%s\n' "$N1" "$N2" "$N3" | sort | paste -sd, -)
check "$h 2, fan-out to {:my_server, node} for node in [self | list]" "$O" "^p2-fan-out $sorted$" 0
check "$h 3, the singleton starts on node2" "$O" "^p3-first $N2$" 0
sorted2=$(printf '%s\n' "$N1" "$N3" | sort | paste -sd, -)
check "$h 3, the other nodes' starts get :no (already running)" "$O" "^p3-already-running $sorted2 true$" 0
h="learning Drill 3:"
check "$h register_name(:counter, self()) on node1: true" "$O" "^d3-register true$" 0
check "$h on node2: false" "$O" "^d3-again false " 0
check "$h whereis_name on node2 gives node1's pid" "$O" "^d3-whereis true$" 0
if [ "$(sed -n '/^d3-flush:$/,/^d3-flushed$/p' "$O" | paste -sd' ' -)" = "d3-flush: :hello d3-flushed" ]; then
  ok "$h send(pid, :hello) from node2, flush() on node1 shows :hello (only)"
else
  not_ok "$h send(pid, :hello) from node2, flush() on node1 shows :hello (only)" "$O"
fi
check "$h DistributedCounter.start_link()" "$O" "^d3-counter-start pid$" 0
check "$h increment, increment, get: 2" "$O" "^d3-counter-get 2$" 0
check "$h 100 increments from each of three nodes: 302" "$O" "^d3-counter-total 302$" 0
h="learning Drill 4:"
check "$h PubSub.subscribe(:news) is true" "$O" "^d4-subscribe true$" 0
check "$h published on node2, node1's subscriber receives it" "$O" \
  '^d4-node1-got \{:message, :news, "Breaking: Elixir is awesome!"\}$' 0
check "$h ... and node2's" "$O" '^d4-node2-got \{:message, :news, "Breaking: Elixir is awesome!"\}$' 0
check "$h unsubscribe is true" "$O" "^d4-unsubscribe true$" 0
h="learning Drill 6:"
check "$h rpc.call(node2, \"node\", \"self\", {}) is node2" "$O" "^d6-node $N2$" 0
check "$h rpc.call(node2, \"Enum\", \"sum\", {1..1000}) is 500500" "$O" "^d6-sum 500500$" 0
check "$h rpc.multicall([node() | Node.list()], ...): every node, no bad nodes" "$O" "^d6-multicall $sorted \[\]$" 0
check "$h an undefined module: {:badrpc, {:EXIT, {:undef, ...}}}" "$O" \
  '^d6-undef \{:badrpc, \{:EXIT, \{:undef, \[\{:NonExistent, :foo, \[\], \[\]\}\]\}\}\}$' 0
check "$h an offline node: {:badrpc, :nodedown}" "$O" '^d6-offline \{:badrpc, :nodedown\}$' 0
h="lock manager:"
check "$h two processes on two nodes: one waits for the other" "$O" "^lock-one-waits true " 0
check "$h acquire takes a free lock: {:ok, lock_id}" "$O" "^lock-held :ok$" 0
check "$h acquire with few retries on a held lock: {:error, :timeout}" "$O" '^lock-timeout \{:error, :timeout\}$' 0
check "$h with_lock waits while it is held" "$O" "^lock-waiting true$" 0
check "$h the holder killed: the waiter gets it" "$O" "^lock-released-by-kill after the holder$" 0
h="Todo Cluster:"
check "$h step 1, Bob's server is registered under {:todo_list, \"Bob\"} on node2" "$O" "^todo-bob-on-n2 true$" 0
check "$h step 1, every node names the same pid for it" "$O" '^todo-global-name true true$' 0
check "$h step 4, an entry added on node2" "$O" '^todo-entries \["Dentist"\]$' 0
check "$h step 2, whereis_name from node3 finds it" "$O" "^todo-found-from-n3 true$" 0
check "$h step 2, two nodes racing to start a list get one pid (5 rounds)" "$O" "^todo-race 5 rounds" 0
check "$h step 3, store over rpc.multicall: a result per node, no bad nodes" "$O" \
  '^todo-store-multicall \[:ok, :ok, :ok\]$' 0
check "$h step 4, node2 is down" "$O" "^n2-down \{:nodedown, \"$N2\"\}$" 0
check "$h step 4, its name goes with it" "$O" "^todo-name-gone true$" 0
check "$h step 4, asking for Bob on node1 starts it there" "$O" "^todo-restarted-on-n1 $N1 true$" 0
check "$h step 4, with the data from node1's disk" "$O" '^todo-data-after-failover \["Dentist"\]$' 0
check "$h step 4, the survivors go on" "$O" '^todo-after-failover \["Dentist", "Buy milk"\]$' 0
for nd in "$N1" "$N3"; do
  if [ "$(cat "$PERSIST/$nd/Bob" 2>/dev/null | paste -sd, -)" = "Dentist,Buy milk" ]; then
    ok "Todo Cluster: after the failover the survivor $nd has Bob's data on disk"
  else
    not_ok "Todo Cluster: after the failover the survivor $nd has Bob's data on disk" "$O"
  fi
done
check "kata 83 pattern 3: when node2 dies the singleton moves to a survivor" "$O" "^p3-moved true true$" 0
check "kata 83 pattern 3: ... one survivor only" "$O" "^p3-one-only true$" 0
check "the test ran to its end" "$O" "^done$" 0
check_not "no timeout waiting for a message" "$O" "TIMEOUT"
check_not "no Lua error on node1" "$O" "crashed|traceback|attempt to"
for f in "$tmp/n2.out" "$tmp/n3.out"; do
  check_not "no Lua error on $(basename "$f" .out)" "$f" "error|crashed|traceback"
done
finish

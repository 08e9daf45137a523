-- dist.global: names and locks that hold across the cluster, as Erlang's
-- global. Every repl node runs a server (registered as "repl_global") that
-- keeps a full copy of the name table and the locks set on this node.
--
-- One winner: a registration first takes the lock "global" on every node
-- (set_lock below: all nodes grant it, or the caller gives back what it got,
-- waits a random while and tries again), checks its own copy, then tells
-- every server to write the name and release the lock, and waits for each
-- to say done. Two callers cannot both hold the lock, so two registrations
-- of one name cannot both succeed, and the copies never disagree.
--
-- Cleanup: every server monitors every pid in its table and every lock
-- holder, so a name or a lock goes away with its process, and with its node
-- (the monitor fires with noconnection).
--
-- Healing: when two repl nodes connect they swap their tables under the
-- names lock on both (exchange_with), so that no name changes between a
-- table's sending and its merging.
-- A name both sides hold with different pids is a conflict: the node of the
-- pair whose name sorts first calls the name's resolve function (Erlang's
-- method) with the two pids in a fixed order, and tells every node which
-- pid stays. The default, random_exit_name, keeps the pid on the node whose
-- name sorts first (as Erlang's does; every node that decides decides
-- alike) and kills the other. A resolver that answers nil (Erlang's none)
-- or fails drops the name and kills no one.
--
-- Erlang nodes take no part: their global talks its own protocol to a
-- global_name_server we do not run, and those messages are dropped quietly.
local A, T = atom, tuple
local SERVER = "repl_global"
-- What goes to other nodes' servers, and their answers, never connects
-- (dist/lua/node.lua): a swap or lock still on its way when
-- node.disconnect cut a node off must not bring it back. Nor do the
-- monitors of pids (watch): one of a node gone is DOWN at once.
local function send_up(dest, msg) return _dist.send_noconnect(dest, msg) end
local M = {}

local names = {}      -- name -> {pid = , method = }
local locks = {}      -- key -> {rkey = , pids = {pid -> count}}
local watched = {}    -- pid -> monitor ref, while it has names or locks
local synced = {}     -- repl peer -> true once its table has arrived
local syncers = {}    -- processes waiting in global.sync: pid -> ref
local lost = {}       -- name -> {pid -> true}: pids that lost a conflict

-- ---- keys for lock ids: equal terms give equal strings ----

-- A pid as text that every node writes alike: tostring numbers the node
-- by this node's own table, so the node's name stands in for that number.
local function pid_text(p)
  local id, serial = tostring(p):match("%.(%d+)%.(%d+)>$")
  return node_of(p) .. "." .. id .. "." .. serial
end

local function key_of(v)
  local k = typeof(v)
  if k == "string" then return string.format("%q", v) end
  if k == "atom" then return string.format("%q", atom_name(v)) end  -- as "x"
  if k == "pid" then return "pid:" .. pid_text(v) end
  if k == "tuple" or k == "table" then
    local out = {}
    for i = 1, #v do out[i] = key_of(v[i]) end
    return (k == "tuple" and "{" or "[") .. table.concat(out, ",") .. "}"
  end
  return k .. ":" .. tostring(v)
end

-- A name is any term but nil and functions (Erlang's names are terms:
-- {user, "bob"}); its key is the text of key_of, where atom"x" and "x" are
-- one name, so that the seeds' atoms can be written as strings.
local function name_of(n)
  if n == nil or type(n) == "function" then error("a global name is a term: a string, an atom, a tuple...", 3) end
  return key_of(n)
end

local function shown(n)
  if typeof(n) == "atom" then return atom_name(n) end
  if type(n) == "string" then return n end
  return key_of(n)
end

local function node_name(n)
  if typeof(n) == "atom" then return atom_name(n) end
  return n
end

-- The repl nodes this node shares names with, itself first.
local function members()
  M._start()
  local out = {node.self()}
  for _, n in ipairs(node.list()) do
    if _dist.is_repl(n) then out[#out + 1] = n end
  end
  return out
end

-- ---- the server's table ----

local function watch(pid)
  if not watched[pid] then watched[pid] = _dist.monitor_noconnect(pid) end
end

local function still_used(pid)
  for _, e in pairs(names) do if e.pid == pid then return true end end
  for _, l in pairs(locks) do if l.pids[pid] then return true end end
  return false
end

local function unwatch(pid)
  if watched[pid] and not still_used(pid) then
    demonitor(watched[pid], true)
    watched[pid] = nil
  end
end

local function set_name(name, pid, method, term)
  local old = names[name]
  names[name] = {pid = pid, method = method, name = term}
  watch(pid)
  if old and old.pid ~= pid then unwatch(old.pid) end
end

local function drop_name(name)
  local old = names[name]
  names[name] = nil
  if old then unwatch(old.pid) end
end

-- A lock is free, or held by one requester id with any number of pids.
local function grant(key, rkey, pid)
  local l = locks[key]
  if l and l.rkey ~= rkey then return false end
  if not l then l = {rkey = rkey, pids = {}}; locks[key] = l end
  l.pids[pid] = (l.pids[pid] or 0) + 1
  watch(pid)
  return true
end

local function release(key, pid, all)
  local l = locks[key]
  if not (l and l.pids[pid]) then return end
  l.pids[pid] = (not all and l.pids[pid] > 1) and l.pids[pid] - 1 or nil
  if next(l.pids) == nil then locks[key] = nil end
  unwatch(pid)
end

local function process_down(pid)
  watched[pid] = nil
  for name, e in pairs(names) do
    if e.pid == pid then names[name] = nil end
  end
  for key in pairs(locks) do release(key, pid, true) end
end

-- ---- conflicts, when two halves meet ----

local function pid_order(p1, p2)
  if pid_text(p1) < pid_text(p2) then return p1, p2 end
  return p2, p1
end

-- As Erlang's resolvers: keep the pid on the node whose name sorts first
-- (the same answer on every node that decides), the other is the loser.
local function pick(p1, p2)
  local n1, n2 = node_of(p1), node_of(p2)
  if n1 < n2 or (n1 == n2 and pid_text(p1) < pid_text(p2)) then return p1, p2 end
  return p2, p1
end

function M.random_exit_name(name, p1, p2)
  local keep, other = pick(p1, p2)
  print(string.format("global: name conflict over %s: keeping %s, killing %s",
                      key_of(name), tostring(keep), tostring(other)))
  exit(other, "kill")
  return keep
end

function M.random_notify_name(name, p1, p2)
  local keep, other = pick(p1, p2)
  send(other, T(A.global_name_conflict, name))
  return keep
end

function M.notify_all_name(name, p1, p2)
  send(p1, T(A.global_name_conflict, name, p2))
  send(p2, T(A.global_name_conflict, name, p1))
  return nil
end

local function broadcast(msg)
  for _, n in ipairs(members()) do send_up(T(SERVER, n), msg) end
end

local function resolve(name, mine, theirs)
  local p1, p2 = pid_order(mine.pid, theirs.pid)
  local method = mine.method or M.random_exit_name
  local ok, keep = pcall(method, name, p1, p2)
  if not ok or (keep ~= p1 and keep ~= p2) then
    -- nil (Erlang's none), a failure or any other answer: the name goes,
    -- both processes live on, as in Erlang
    if not ok then print("global: the resolve function for " .. shown(name) .. " failed: " .. tostring(keep)) end
    keep = nil
  end
  broadcast(T(A.resolved, name, keep or false, keep == p1 and mine.method or theirs.method, p1, p2))
end

-- The table another repl node sent on connecting: what we lack we take;
-- a clash the pair's first node resolves.
local function merge(from, entries)
  for _, e in ipairs(entries) do
    local key = key_of(e.name)
    local cur = names[key]
    if lost[key] and lost[key][e.pid] then -- a loser, in a stale table
    elseif cur == nil then set_name(key, e.pid, e.method, e.name)
    elseif cur.pid ~= e.pid and node.self() < from then resolve(e.name, cur, e)
    end
  end
end

local function table_entries()
  local out = {}
  for _, e in pairs(names) do out[#out + 1] = {name = e.name, pid = e.pid, method = e.method} end
  return out
end

local function answer_syncers()
  for _, n in ipairs(members()) do
    if n ~= node.self() and not synced[n] then return end
  end
  for pid, ref in pairs(syncers) do send(pid, T(A.global_synced, ref)) end
  syncers = {}
end

-- ---- the server ----

-- Runs f(...), a table swap: when node.stop() comes in the middle of one,
-- its node.monitor of the peer raises (as erl's monitor_node raises
-- notalive), so what failed is dropped rather than crashing with a trace;
-- while the node is distributed, an error is raised as before. (A send to
-- another node no longer raises after node.stop(): it is dropped, as
-- Erlang drops it, so the server's handlers need no such guard.)
local function unless_stopped(f, ...)
  local ok, why = xpcall(f, debug.traceback, ...)
  if not ok and node.alive() then error(why, 0) end
end

local handlers = {}
local exchange_with        -- below, with the locks it takes

handlers[A.lock] = function(m)            -- {lock, ref, from, key, rkey}
  send_up(m[3], T(A.lock_reply, m[2], grant(m[4], m[5], m[3]), node.self()))
end

handlers[A.unlock] = function(m)          -- {unlock, key, pid}
  release(m[2], m[3])
end

-- {write, ref, from, key, pid or false, method, lock key, name}: a name is
-- set (or dropped) and the writer's lock released, in one message.
handlers[A.write] = function(m)
  lost[m[4]] = nil                        -- a registration after the conflict
  if m[5] then set_name(m[4], m[5], m[6], m[8]) else drop_name(m[4]) end
  release(m[7], m[3])
  send_up(m[3], T(A.written, m[2], node.self()))
end

-- Why name or pid is not free in this copy, or nil.
local function taken(name, pid, term)
  if names[name] then return shown(term) .. " is already registered to " .. tostring(names[name].pid) end
  for _, e in pairs(names) do
    if e.pid == pid then return tostring(pid) .. " is already registered as " .. shown(e.name) end
  end
end

handlers[A.check] = function(m)           -- {check, ref, from, key, pid, name}
  send_up(m[3], T(A.checked, m[2], taken(m[4], m[5], m[6]) or false, node.self()))
end

-- {resolved, name, pid or false, method, pid1, pid2}. The pids that lost
-- are remembered: a table sent before the resolution (a third node's, on
-- its own nodeup) must not bring a loser back.
handlers[A.resolved] = function(m)
  local key = key_of(m[2])
  lost[key] = lost[key] or {}
  for i = 5, 6 do if m[i] ~= m[3] then lost[key][m[i]] = true end end
  if m[3] then set_name(key, m[3], m[4], m[2]) else drop_name(key) end
end

-- {exchange, node, entries, from, ref}: merged, and answered with this
-- node's table (which the asker has its own server merge).
handlers[A.exchange] = function(m)
  merge(m[2], m[3])
  send_up(m[4], T(A.merged, m[5], table_entries(), node.self()))
end

-- {synced, node}: the swap with node is over, its conflicts resolved here
-- (the resolutions came before this, on the same connection), so that
-- global.sync can return.
handlers[A.synced] = function(m)
  synced[m[2]] = true
  answer_syncers()
end

handlers[A.DOWN] = function(m)            -- {DOWN, ref, process, pid, reason}
  if watched[m[4]] == m[2] then process_down(m[4]) end
end

handlers[A.nodeup] = function(m)
  if _dist.is_repl(m[2]) then
    synced[m[2]] = false
    if node.self() < m[2] then spawn(unless_stopped, exchange_with, m[2]) end
  end
end

handlers[A.nodedown] = function(m)
  synced[m[2]] = nil
  answer_syncers()
end

handlers[A.sync] = function(m)            -- {sync, pid, ref}
  syncers[m[2]] = m[3]
  answer_syncers()
end

local function serve()
  node.monitor_nodes(true)
  while true do
    local m = receive()
    local h = typeof(m) == "tuple" and handlers[m[1]]
    if h then h(m) end
  end
end

-- Started when the node is named (dist/lua/node.lua), or by the first
-- call that needs it: global works on a node with no name too, as
-- Erlang's does, among that one node.
function M._start()
  if whereis(SERVER) == nil then register(SERVER, spawn(serve)) end
end

-- ---- locks ----

-- Ends node.monitor of nodes, and drops a nodedown that came meanwhile, so
-- none is left in the caller's mailbox.
local function unmonitor(nodes)
  for _, n in ipairs(nodes) do
    if n ~= node.self() then
      node.monitor(n, false)
      receive(T(A.nodedown, n), 0)
    end
  end
end

-- Sends msg to the server of every node in nodes and waits for each
-- answer, a message matching the template reply whose last element names
-- the answering node. A node that goes down meanwhile answers false.
-- Returns the answers (node -> message or false) and, when ms passed with
-- some node still silent, true as a second result.
local function ask_all(nodes, msg, reply, ms)
  local waiting, answers = {}, {}
  for _, n in ipairs(nodes) do
    if n ~= node.self() then _dist.monitor_up(n) end   -- down now if gone
    send_up(T(SERVER, n), msg)
    waiting[n] = true
  end
  local clauses = { when(reply), when(T(A.nodedown, ANY)) }
  if ms then clauses[3] = after(ms, function() return false end) end
  local silent = false
  while next(waiting) do
    local m = receive(table.unpack(clauses))
    if not m then silent = true; break end
    local down = m[1] == A.nodedown
    local n = down and m[2] or m[#m]
    if waiting[n] then waiting[n] = nil; answers[n] = not down and m end
  end
  unmonitor(nodes)
  return answers, silent
end

-- The servers of nodes forget pid's hold on the lock key.
local function unlock(key, nodes, pid)
  for _, n in ipairs(nodes) do send_up(T(SERVER, n), T(A.unlock, key, pid)) end
end

-- Asks the servers of nodes for the lock; true when all granted it (a node
-- that goes down meanwhile holds nothing, so it counts as granted). On a
-- refusal what was granted is given back; when a server never answers,
-- every node is told to forget the request.
local function try_lock(key, rkey, nodes)
  local ref, me = make_ref(), self()
  local answers, silent = ask_all(nodes, T(A.lock, ref, me, key, rkey),
                                  T(A.lock_reply, ref, ANY, ANY), 5000)
  local all, granted = not silent, {}
  for n, m in pairs(answers) do
    if m and m[3] then granted[#granted + 1] = n elseif m then all = false end
  end
  if not all then unlock(key, silent and nodes or granted, me) end
  return all
end

-- try_lock until it holds, waiting a random while between tries that grows
-- with them (so that several askers stop refusing each other); false after
-- retries more tries (nil: for ever).
local function lock_all(key, rkey, nodes, retries)
  local tries = 0
  while not try_lock(key, rkey, nodes) do
    if retries and tries >= retries then return false end
    tries = tries + 1
    sleep(math.random(0, math.min(1 << math.min(tries, 10), 250)))
  end
  return true
end

local function lock_nodes(nodes)
  M._start()
  if nodes == nil then return members() end
  local out = {}
  for _, n in ipairs(nodes) do
    n = node_name(n)
    if n == node.self() or _dist.is_repl(n) then out[#out + 1] = n end
  end
  return out
end

-- id is {resource, requester} (a table or a tuple) as Erlang's LockId, or
-- just a resource, the requester then being the caller.
local function lock_key(id)
  if (typeof(id) == "tuple" or typeof(id) == "table") and #id == 2 then
    return key_of(id[1]), key_of(id[2])
  end
  return key_of(id), key_of(self())
end

-- global.set_lock(id [, nodes [, retries]]): true once every node granted
-- the lock, false after retries more tries (nil: for ever).
function M.set_lock(id, nodes, retries)
  local key, rkey = lock_key(id)
  return lock_all(key, rkey, lock_nodes(nodes), retries)
end

-- global.del_lock(id [, nodes]): the caller's hold on it ends.
function M.del_lock(id, nodes)
  local key = lock_key(id)
  unlock(key, lock_nodes(nodes), self())
  return true
end

-- global.trans(id, fn [, nodes [, retries]]): fn() under the lock; its
-- results, or nil and "aborted" when the lock could not be set.
function M.trans(id, fn, nodes, retries)
  if not M.set_lock(id, nodes, retries) then return nil, "aborted" end
  local r = table.pack(pcall(fn))
  M.del_lock(id, nodes)
  if not r[1] then error(r[2], 0) end
  return table.unpack(r, 2, r.n)
end

-- ---- names ----

local NAMES_LOCK = key_of(A.global)

-- Under the names lock on every node: when checking, ask every server
-- whether name and pid are free in its copy (a node that joined a moment
-- ago may know a name this node's copy lacks yet), then have every server
-- write (name, pid or false) and release the lock.
local function write_name(name, term, pid, method, checking)
  local nodes = members()
  local me = self()
  lock_all(NAMES_LOCK, key_of(me), nodes)
  if checking then
    local ref = make_ref()
    local answers = ask_all(nodes, T(A.check, ref, me, name, pid, term),
                            T(A.checked, ref, ANY, ANY))
    for _, m in pairs(answers) do
      if m and m[3] then
        unlock(NAMES_LOCK, nodes, me)
        return false, m[3]
      end
    end
  end
  local ref = make_ref()
  ask_all(nodes, T(A.write, ref, me, name, pid or false, method, NAMES_LOCK, term),
          T(A.written, ref, ANY))
  return true
end

-- On nodeup, on the node of the pair whose name sorts first: the two
-- tables are swapped under the names lock on both nodes, held until both
-- are merged. No name changes on either node meanwhile, so each merges a
-- current table: sent outside the lock, one could arrive after an
-- unregister_name and bring the name back. One session per pair, and
-- lock_all's growing backoff, keep the sessions of a cluster's many
-- nodeups from refusing each other for long. Each node counts the other
-- synced (global.sync) only at the end, once this node, the one that
-- resolves the pair's conflicts, has resolved them.
exchange_with = function(n)
  local me, nodes = self(), {node.self(), n}
  lock_all(NAMES_LOCK, key_of(me), nodes)
  local ref = make_ref()
  local got = ask_all({n}, T(A.exchange, node.self(), table_entries(), me, ref),
                      T(A.merged, ref, ANY, ANY))
  if got[n] then                       -- theirs, merged by our own server
    ask_all({node.self()}, T(A.exchange, n, got[n][3], me, ref), T(A.merged, ref, ANY, ANY))
    send(T(SERVER, node.self()), T(A.synced, n))
    send_up(T(SERVER, n), T(A.synced, node.self()))
  end
  unlock(NAMES_LOCK, nodes, me)
end

local function check_pid(pid)
  if typeof(pid) ~= "pid" then error("global: a name is registered for a pid", 3) end
end

-- global.register_name(name, pid [, resolve]): true, or false (and why)
-- when the name is taken or the pid already has a global name.
function M.register_name(term, pid, resolve)
  local name = name_of(term)
  check_pid(pid)
  return write_name(name, term, pid, resolve, true)
end

-- global.re_register_name(name, pid [, resolve]): as register_name, but
-- the name moves to pid when it is taken.
function M.re_register_name(term, pid, resolve)
  local name = name_of(term)
  check_pid(pid)
  return write_name(name, term, pid, resolve, false)
end

function M.unregister_name(term)
  local name = name_of(term)
  if names[name] then write_name(name, term, false, nil, false) end
  return true
end

function M.whereis_name(name)
  local e = names[name_of(name)]
  return e and e.pid or nil
end

-- global.send(name, msg): the pid it went to; an error when no process has
-- the name (Erlang exits with badarg).
function M.send(name, msg)
  local pid = M.whereis_name(name)
  if pid == nil then
    error("global.send: no process is registered globally as " .. shown(name), 2)
  end
  send(pid, msg)
  return pid
end

-- The names as they were registered, strings for atoms, in key order.
function M.registered_names()
  local keys, out = {}, {}
  for key in pairs(names) do keys[#keys + 1] = key end
  table.sort(keys)
  for i, key in ipairs(keys) do
    local n = names[key].name
    out[i] = typeof(n) == "atom" and atom_name(n) or n
  end
  return out
end

-- global.sync(): returns once this node has exchanged tables with every
-- repl node it is connected to.
function M.sync()
  if not node.alive() then return true end
  local ref = make_ref()
  send(SERVER, T(A.sync, self(), ref))
  receive(T(A.global_synced, ref))
  return true
end

return M

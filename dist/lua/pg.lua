-- dist.pg: process groups, as Erlang's pg, speaking its protocol so that
-- repl nodes and Erlang nodes running a scope of the same name share groups.
--
-- A scope is a process registered under the scope's name on every node
-- that runs it, started with pg.start() ("pg", the default) or
-- pg.start(name): none runs until then, as in OTP 25 and Elixir, where the
-- seeds call :pg.start_link(). Before, join, leave, monitor and
-- which_groups raise, saying so (erl: noproc, badarg); get_members and
-- get_local_members return {} (as erl's: they catch the badarg).
-- It owns this node's memberships and a copy of every other node's, and
-- talks with the scope of the same name on other nodes:
--   {discover, Scope}      sent to {name, node} at start and on nodeup;
--                          the answer is a sync, and a discover back when
--                          the asker was unknown
--   {'$gen_cast', {sync, Scope, [{Group, Pids}]}}
--                          all the sender's local members; replaces what
--                          we held for it
--   {join, Scope, Group, Pid or Pids}
--   {leave, Scope, Pid or Pids, Groups}
-- Each scope monitors its peers' scope processes (their members go when
-- the peer or its node does) and this node's members (they leave when they
-- exit). Reads (get_members, which_groups) look at the scope's tables
-- directly, as Erlang reads pg's ETS table; changes go through the scope
-- process, in order.
--
-- Names. A scope is named by a string (or an atom), the registered name.
-- A group named by a Lua string is the atom of that name on the wire, and
-- an atom that comes as a group is shown as a Lua string: an Erlang node's
-- :workers and our "workers" are one group. Any other group travels as the
-- value mapping says (a tuple stays a tuple, a string inside it is a
-- binary: use atom.x there for Erlang's atoms). An Erlang binary group
-- <<"workers">> also arrives as the string "workers", so it merges with
-- the atom's group here.
--
-- Arguments. The scope comes first and only counts when all the other
-- arguments are there too: pg.join(group, pids) is the default scope,
-- pg.join(scope, group, pids) another; likewise get_members(group) against
-- get_members(scope, group), and which_groups() against which_groups(scope).
local A, T = atom, tuple
local M = {}

local DEFAULT = "pg"
local CALL, REPLY, CAST = A["$pg_call"], A["$pg_reply"], A["$gen_cast"]
local JOIN, LEAVE = A.join, A.leave     -- looked up once: A.x is a call
local NIL_KEY = {}       -- the key of the group nil (Erlang's atom nil)

local scopes = {}        -- name -> the scope's state (see new_state)
local monitor_scopes = {}  -- monitor ref -> scope name, for pg.demonitor

-- ---- names ----

-- A group as Lua shows it: atoms become strings.
local function group_of(g)
  if typeof(g) == "atom" then return atom_name(g) end
  return g
end

-- A group as it travels: strings become atoms.
local function wire(g)
  if type(g) == "string" then return A(g) end
  return g
end

-- Equal groups give equal keys, also tuples and tables (keys by identity):
-- a text of the value, a map's pairs sorted.
local function canon(v)
  local k = typeof(v)
  if k == "string" then return string.format("%q", v) end
  if k == "atom" then return ":" .. atom_name(v) end
  if k == "tuple" or k == "table" then
    local items, pairs_ = {}, {}
    for i = 1, #v do items[i] = canon(v[i]) end
    if k == "table" then
      for key, val in pairs(v) do
        if math.type(key) ~= "integer" or key < 1 or key > #v then
          pairs_[#pairs_ + 1] = "[" .. canon(key) .. "]=" .. canon(val)
        end
      end
      table.sort(pairs_)
    end
    local open = k == "tuple" and "{" or "["
    return open .. table.concat(items, ",") .. ";" .. table.concat(pairs_, ",") .. "}"
  end
  return k .. ":" .. tostring(v)
end

local function key_of(g)
  local k = type(g)
  if k == "string" or k == "number" or k == "boolean" then return g end
  if g == nil then return NIL_KEY end
  return "\0" .. canon(g)
end

-- level: where the error points, as error's (the learner's call).
local function scope_name(s, level)
  if typeof(s) == "atom" then return atom_name(s) end
  if type(s) ~= "string" then error("pg: a scope is named by a string (or an atom)", level) end
  return s
end

-- ---- lists of pids ----

local function as_list(p)
  if typeof(p) == "pid" then return {p} end
  return p
end

local function copy(t)
  return table.move(t, 1, #t, 1, {})
end

-- Removes one p from t, looking from the end (the newest join).
local function remove_one(t, p)
  for i = #t, 1, -1 do
    if t[i] == p then table.remove(t, i); return true end
  end
  return false
end

-- a minus b, one element of a for each of b (Erlang's --).
local function minus(a, b)
  local n = {}
  for _, p in ipairs(b) do n[p] = (n[p] or 0) + 1 end
  local out = {}
  for _, p in ipairs(a) do
    if (n[p] or 0) > 0 then n[p] = n[p] - 1 else out[#out + 1] = p end
  end
  return out
end

-- ---- the scope's state ----
--   groups[key]   = {group = g, all = {pids}, loc = {local pids}}
--   locals[pid]   = {ref = monitor, keys = {key, ...}} (a key once a join;
--                   none when it left all: kept till the process exits)
--   remote[scope pid] = {ref = monitor, node = n, groups = {key -> {pids}}}
--   scope_mons[ref] = watcher; group_mons[ref] = {pid, key}
--   watchers[key][ref] = watcher
--   down[node] = true between its nodedown and its nodeup

local function new_state(name)
  return {name = name, groups = {}, locals = {}, remote = {}, scope_mons = {},
          group_mons = {}, watchers = {}, down = {}}
end

local function notify(S, verb, key, g, pids)
  if #pids == 0 then return end
  for ref, pid in pairs(S.scope_mons) do send(pid, T(ref, verb, g, pids)) end
  local w = S.watchers[key]
  if w then
    for ref, pid in pairs(w) do send(pid, T(ref, verb, g, pids)) end
  end
end

local function add_members(S, key, g, pids, is_local)
  local e = S.groups[key]
  if not e then e = {group = g, all = {}, loc = {}}; S.groups[key] = e end
  local all, loc = e.all, e.loc
  for _, p in ipairs(pids) do
    all[#all + 1] = p
    if is_local then loc[#loc + 1] = p end
  end
  notify(S, JOIN, key, g, pids)
end

-- Takes one of each pid out of the group; notifies those that were there.
local function drop_members(S, key, pids, is_local)
  local e = S.groups[key]
  if not e then return end
  local gone = {}
  for _, p in ipairs(pids) do
    if remove_one(e.all, p) then
      gone[#gone + 1] = p
      if is_local then remove_one(e.loc, p) end
    end
  end
  if #e.all == 0 then S.groups[key] = nil end
  notify(S, LEAVE, key, e.group, gone)
end

-- What goes to other nodes' scopes never connects, as Erlang's pg sends
-- with noconnect (dist/lua/node.lua): a discover or sync on its way when
-- node.disconnect cut a node off must not bring it back. Nor does the
-- monitor of a peer scope (add_peer).
local function send_up(dest, msg) return _dist.send_noconnect(dest, msg) end

-- Sends msg to every peer scope that has our state, skipping nodes known
-- to be down.
local function broadcast(S, msg)
  for peer, R in pairs(S.remote) do
    if R.synced and not S.down[R.node] then send_up(peer, msg) end
  end
end

-- Our local members, as sync carries them: {{Group, Pids}, ...}.
local function local_groups(S)
  local out = {}
  for _, e in pairs(S.groups) do
    if #e.loc > 0 then out[#out + 1] = T(wire(e.group), copy(e.loc)) end
  end
  return out
end

local function send_sync(S, peer)
  send_up(peer, T(CAST, T(A.sync, self(), local_groups(S))))
  S.remote[peer].synced = true
end

local function add_peer(S, peer)
  local R = {ref = _dist.monitor_noconnect(peer), node = node_of(peer), groups = {}}
  S.remote[peer] = R
  return R
end

-- ---- changes asked by local processes ----
-- Each is f(S, from, a, b): from the caller, a and b its arguments.

local calls = {}

function calls.join(S, _, g, given)
  local key, pids = key_of(g), as_list(given)
  for _, p in ipairs(pids) do
    local L = S.locals[p]
    if not L then L = {ref = monitor(p), keys = {}}; S.locals[p] = L end
    L.keys[#L.keys + 1] = key
  end
  add_members(S, key, g, pids, true)
  broadcast(S, T(JOIN, self(), wire(g), given))
  return true
end

function calls.leave(S, _, g, given)
  local key, left = key_of(g), {}
  for _, p in ipairs(as_list(given)) do
    local L = S.locals[p]
    -- the monitor stays till the process exits, though it may be in no
    -- group now: a process that leaves often joins again (a demonitor here
    -- and a monitor at the next join cost 15% of a join/leave pair)
    if L and remove_one(L.keys, key) then left[#left + 1] = p end
  end
  if #left == 0 then return false end
  drop_members(S, key, left, true)
  local what = typeof(given) == "pid" and given or left
  broadcast(S, T(LEAVE, self(), what, {wire(g)}))
  return true
end

-- The monitor ref is the tag of the notifications, as Erlang's.
function calls.monitor_scope(S, from)
  local ref = monitor(from)
  local now = {}
  for _, e in pairs(S.groups) do now[e.group] = copy(e.all) end
  S.scope_mons[ref] = from
  monitor_scopes[ref] = S.name
  return ref, now
end

function calls.monitor(S, from, g)
  local ref, key = monitor(from), key_of(g)
  local e = S.groups[key]
  S.group_mons[ref] = {from, key}
  S.watchers[key] = S.watchers[key] or {}
  S.watchers[key][ref] = from
  monitor_scopes[ref] = S.name
  return ref, e and copy(e.all) or {}
end

-- Forgets a watcher's monitor; false when ref is none of ours.
local function drop_watcher(S, ref)
  monitor_scopes[ref] = nil
  if S.scope_mons[ref] then S.scope_mons[ref] = nil; return true end
  local gm = S.group_mons[ref]
  if not gm then return false end
  S.group_mons[ref] = nil
  local w = S.watchers[gm[2]]
  w[ref] = nil
  if next(w) == nil then S.watchers[gm[2]] = nil end
  return true
end

function calls.demonitor(S, _, ref)
  if not drop_watcher(S, ref) then return false end
  demonitor(ref, true)
  return true
end

-- ---- messages from the other scopes ----

local handlers = {}

-- {$pg_call, From, N, Op, A, B}: answered with {$pg_reply, N, R1, R2}.
handlers[CALL] = function(S, m)
  local _, from, n, op, a, b = untuple(m)     -- one call, not five m[i]
  local r1, r2 = calls[op](S, from, a, b)
  send(from, T(REPLY, n, r1, r2))
end

handlers[A.discover] = function(S, m)      -- {discover, Peer}
  local peer = m[2]
  if typeof(peer) ~= "pid" or peer == self() then return end
  local known = S.remote[peer]
  if not known then add_peer(S, peer) end
  send_sync(S, peer)
  if not known then send_up(peer, T(A.discover, self())) end
end

-- {'$gen_cast', {sync, Peer, Groups}}: what the peer holds now replaces
-- what we had for it; members that came or went are notified.
local function sync(S, peer, list)
  local R = S.remote[peer]
  if not R then
    -- a peer we had not met: it gets our state at once, so that no join
    -- or leave of ours reaches it before the sync it applies them to
    R = add_peer(S, peer)
    send_sync(S, peer)
  end
  local old, new = R.groups, {}
  for _, item in ipairs(list) do
    local g = group_of(item[1])
    local key, pids = key_of(g), as_list(item[2])
    new[key] = copy(pids)
    local was = old[key] or {}
    old[key] = nil
    drop_members(S, key, minus(was, pids), false)
    local came = minus(pids, was)
    if #came > 0 then add_members(S, key, g, came, false) end
  end
  for key, was in pairs(old) do drop_members(S, key, was, false) end
  R.groups = new
end

handlers[CAST] = function(S, m)
  local c = m[2]
  if typeof(c) == "tuple" and c[1] == A.sync and typeof(c[2]) == "pid" then
    sync(S, c[2], c[3] or {})
  end
end

handlers[A.join] = function(S, m)           -- {join, Peer, Group, PidOrPids}
  local R = S.remote[m[2]]
  if not R then return end       -- a peer that left meanwhile, or a stranger
  local g = group_of(m[3])
  local key, pids = key_of(g), as_list(m[4])
  local mine = R.groups[key]
  if not mine then mine = {}; R.groups[key] = mine end
  table.move(pids, 1, #pids, #mine + 1, mine)
  add_members(S, key, g, pids, false)
end

handlers[A.leave] = function(S, m)          -- {leave, Peer, PidOrPids, Groups}
  local R = S.remote[m[2]]
  if not R then return end
  local pids = as_list(m[3])
  for _, wg in ipairs(m[4]) do
    local key = key_of(group_of(wg))
    local mine = R.groups[key]
    if mine then
      for _, p in ipairs(pids) do remove_one(mine, p) end
      if #mine == 0 then R.groups[key] = nil end
    end
    drop_members(S, key, pids, false)
  end
end

-- A local member exits: it leaves every group it joined, once a join.
local function member_down(S, pid, L)
  S.locals[pid] = nil
  local groups = {}
  for _, key in ipairs(L.keys) do
    local e = S.groups[key]
    if e then groups[#groups + 1] = wire(e.group) end
    drop_members(S, key, {pid}, true)
  end
  if #groups > 0 then broadcast(S, T(LEAVE, self(), pid, groups)) end
end

-- A peer scope (or its node) is gone: its members go with it.
local function peer_down(S, peer, R)
  S.remote[peer] = nil
  for key, pids in pairs(R.groups) do drop_members(S, key, pids, false) end
end

handlers[A.DOWN] = function(S, m)           -- {DOWN, Ref, process, Pid, Reason}
  local ref, pid = m[2], m[4]
  local L, R = S.locals[pid], S.remote[pid]
  if L and L.ref == ref then member_down(S, pid, L)
  elseif R and R.ref == ref then peer_down(S, pid, R)
  else drop_watcher(S, ref) end
end

handlers[A.nodeup] = function(S, m)
  local n = m[2]
  S.down[n] = nil
  if n ~= node.self() then send_up(T(S.name, n), T(A.discover, self())) end
end

handlers[A.nodedown] = function(S, m)
  S.down[m[2]] = true
end

-- The scope process: a bad message from the wire is dropped, and says so,
-- rather than taking every group of the node down with the process.
local function serve(S)
  node.monitor_nodes(true)
  for _, n in ipairs(node.alive() and node.list() or {}) do
    send_up(T(S.name, n), T(A.discover, self()))
  end
  while true do
    local m = receive()
    local h = typeof(m) == "tuple" and handlers[m[1]]
    if h then
      local ok, err = pcall(h, S, m)
      if not ok then
        print("pg " .. S.name .. ": dropped a message it could not handle: " .. tostring(err))
      end
    end
  end
end

-- ---- the API ----

local function live(name)
  local S = scopes[name]
  if S and is_alive(S.pid) then return S end
  return nil
end

-- pg.start([scope]): the scope's process; nil, "already started" and its
-- pid when it runs. With no scope, the default "pg", as :pg.start_link()
-- (which the seeds call before joining).
function M.start(scope)
  local name = scope_name(scope == nil and DEFAULT or scope, 3)
  local S = live(name)
  if S then return nil, "already started", S.pid end
  if whereis(name) then
    error("pg.start: the name " .. name .. " is registered to another process", 2)
  end
  S = new_state(name)
  S.pid = spawn(function() serve(S) end)   -- S shared, not copied as an argument would be
  register(name, S.pid)
  scopes[name] = S
  return S.pid
end

-- The running scope of that name, or an error that says how to start it
-- (level: the learner's call, as error's).
local function running(name, level)
  local S = live(name)
  if S then return S end
  if name == DEFAULT then
    error("pg is not running on this node: call pg.start() first "
          .. "(Elixir: :pg.start_link())", level + 1)
  end
  error("pg: the scope " .. name .. " is not running on this node: call pg.start(\""
        .. name .. "\") first (Elixir: :pg.start_link(:" .. name .. "))", level + 1)
end

-- Asks the scope process and waits for its answer. Every call has a
-- number of its own, so an answer that comes after its caller stopped
-- waiting (Ctrl-C) is never taken for another's. No monitor (one per call
-- costs about what the call's two messages cost): a scope that dies
-- meanwhile is seen by the check each second.
local serial = 0
local function call(S, op, a, b)
  serial = serial + 1
  local n = serial
  send(S.pid, T(CALL, self(), n, op, a, b))
  local want = T(REPLY, n, ANY, ANY)
  while true do
    local m = receive(want, 1000)
    if m then return select(3, untuple(m)) end
    if not is_alive(S.pid) then error("pg: the scope " .. S.name .. " ended", 3) end
  end
end

local function check_pid(p, here, fname)
  if typeof(p) ~= "pid" then error("pg." .. fname .. ": " .. tostring(p) .. " is not a pid", 4) end
  if node_of(p) ~= here then
    error("pg." .. fname .. ": " .. tostring(p) .. " is not a process of this node", 4)
  end
end

-- Checks that pids is a pid of this node or a list of them; their number.
local function check_local(pids, fname)
  local here = node_of(self())
  if typeof(pids) == "pid" then check_pid(pids, here, fname); return 1 end
  if type(pids) ~= "table" then
    error("pg." .. fname .. ": a pid or a list of pids, not " .. typeof(pids), 3)
  end
  for _, p in ipairs(pids) do check_pid(p, here, fname) end
  return #pids
end

-- (scope,) group, pids: the scope only when all three are there.
local function scope_group_pids(n, a, b, c)
  if n >= 3 then return scope_name(a, 4), group_of(b), c end
  return DEFAULT, group_of(a), b
end

-- pg.join([scope,] group, pid or {pids}): true. A pid joined twice is a
-- member twice.
function M.join(...)
  local scope, g, pids = scope_group_pids(select("#", ...), ...)
  local n = check_local(pids, "join")
  local S = running(scope, 2)
  if n == 0 then return true end
  return (call(S, "join", g, pids))
end

-- pg.leave([scope,] group, pid or {pids}): true, or false when none of
-- them had joined. One leave undoes one join.
function M.leave(...)
  local scope, g, pids = scope_group_pids(select("#", ...), ...)
  check_local(pids, "leave")
  local S = running(scope, 2)
  return (call(S, "leave", g, pids))
end

local function scope_group(n, a, b)
  if n >= 2 then return scope_name(a, 4), group_of(b) end
  return DEFAULT, group_of(a)
end

-- pg.get_members([scope,] group): every member, on every node ({} for an
-- unknown group, and for a scope not running, as erl's).
function M.get_members(...)
  local scope, g = scope_group(select("#", ...), ...)
  local S = live(scope)
  local e = S and S.groups[key_of(g)]
  return e and copy(e.all) or {}
end

-- pg.get_local_members([scope,] group): the members on this node.
function M.get_local_members(...)
  local scope, g = scope_group(select("#", ...), ...)
  local S = live(scope)
  local e = S and S.groups[key_of(g)]
  return e and copy(e.loc) or {}
end

-- pg.which_groups([scope]): the groups with members anywhere.
function M.which_groups(scope)
  local S = running(scope == nil and DEFAULT or scope_name(scope, 3), 2)
  local out = {}
  for _, e in pairs(S.groups) do out[#out + 1] = e.group end
  return out
end

-- pg.which_local_groups([scope]): the groups with members on this node.
function M.which_local_groups(scope)
  local S = running(scope == nil and DEFAULT or scope_name(scope, 3), 2)
  local out = {}
  for _, e in pairs(S.groups) do
    if #e.loc > 0 then out[#out + 1] = e.group end
  end
  return out
end

-- pg.monitor_scope([scope]): ref and {group = {pids}} now; then
-- tuple(ref, :join | :leave, group, {pids}) messages for every change.
function M.monitor_scope(scope)
  local S = running(scope == nil and DEFAULT or scope_name(scope, 3), 2)
  return call(S, "monitor_scope")
end

-- pg.monitor([scope,] group): ref and the members now; then
-- tuple(ref, :join | :leave, group, {pids}) for that group's changes.
function M.monitor(...)
  local scope, g = scope_group(select("#", ...), ...)
  local S = running(scope, 2)
  return call(S, "monitor", g)
end

-- pg.demonitor(ref): true, and no more notifications (those already in
-- the mailbox are removed); false when ref is no pg monitor.
function M.demonitor(ref)
  local S = live(monitor_scopes[ref] or "")
  if not S then return false end
  local ok = call(S, "demonitor", ref)
  if ok then
    while receive(T(ref, ANY, ANY, ANY), 0) do end
  end
  return ok
end

return M

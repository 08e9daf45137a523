-- dist.node: the Lua half of the node module (the C half is dist/node.c).
-- Whatever waits on the network waits here, as a selective receive of the
-- message dist/ sends when the outcome is known, so a learner's process
-- blocks the way Erlang's net_kernel calls block, and Ctrl-C still works.

local A, T = atom, tuple

-- _dist.send_noconnect(dest, msg): a send that never connects, as
-- erlang:send(Dest, Msg, [noconnect]): to another node only on the
-- connection that is up, else dropped. The cluster services send with it,
-- so that a late message of theirs (a lock reply, a table swap, a pg
-- discover) never brings back a node that node.disconnect just dropped.
function _dist.send_noconnect(dest, msg)
  if _dist.send_up(dest, msg) == nil then send(dest, msg) end
end

-- _dist.monitor_noconnect(pid): monitor(pid) that never connects either:
-- for a pid of a node with no connection up, the DOWN (noconnection) comes
-- at once, as it would once that node was found gone.
function _dist.monitor_noconnect(pid)
  local n = node_of(pid)
  if n == node.self() or _dist.is_up(n) then return monitor(pid) end
  local ref = make_ref()
  send(self(), T(A.DOWN, ref, A.process, pid, A.noconnection))
  return ref
end

-- The cluster services, each a module of its own (dist/lua/rpc.lua, ...);
-- rpc's and global's servers start when the node is named (_dist_started
-- below); pg's only with pg.start(), as OTP 25 starts no pg scope by itself.
rpc = require("dist.rpc")
global = require("dist.global")
pg = require("dist.pg")
-- _lazy_module(global, module): the global is the module's table, loaded
-- on its first use (a field read, or pairs): a module most scripts never
-- touch costs no start-up time. Once loaded, the table holds the module's
-- fields and is the module (package.loaded), so identity checks hold.
function _lazy_module(gname, modname)
  local t = {}
  local function load_it()
    setmetatable(t, nil)
    for k, v in pairs(require(modname)) do rawset(t, k, v) end
    package.loaded[modname] = t
    return t
  end
  _G[gname] = setmetatable(t, {
    __index = function(_, k) return load_it()[k] end,
    __pairs = function() return next, load_it(), nil end,
  })
end

_lazy_module("server", "dist.server")   -- GenServer-like, gen_server's protocol
local CONNECTED, STARTED, SPAWNED = A["$dist_connect"], A["$dist_started"], A["$spawn_reply"]

local function name_of(n)
  if typeof(n) == "atom" then return atom_name(n) end
  return n
end

-- node.connect(n): true, or false and why (the reason Erlang keeps quiet).
function node.connect(n)
  n = name_of(n)
  local ok, why = _dist.connect(n)
  if ok then return true end
  if ok == nil then return false, why end
  local m = receive(T(CONNECTED, n, ANY, ANY))
  if m[3] then return true end
  return false, m[4]
end

-- node.ping(n): "pong" or "pang", as net_adm:ping/1.
function node.ping(n)
  return node.connect(n) and "pong" or "pang"
end

-- node.start(name [, opts]): turns this node into name@host at run time.
-- opts: longnames, cookie, hidden, ticktime, epmd_port, tls_certfile,
-- tls_keyfile, tls_cacertfile (TLS distribution, as the --tls-* flags).
function node.start(name, opts)
  local ok, why = _dist.start(name, opts)
  if ok == nil then return false, why end
  local m = receive(T(STARTED, ANY, ANY))
  if m[2] then return true end
  return false, m[3]
end

-- node.spawn(n, fn, ...) runs a Lua function on another repl node;
-- node.spawn(n, "mod", "fun", {args}) runs mod.fun(args...) on any node,
-- Erlang's included (there mod:fun(Args...)). Returns the pid, or nil and
-- why when the node cannot be reached.
-- On this node itself: a plain spawn (as Erlang's spawn(node(), ...)).
local lookup = rpc._lookup            -- mod.fun as this node runs it

local function spawn_here(opts, f, ...)
  local go = opts[1] == A.link and spawn_link or spawn
  if type(f) == "function" then return go(f, ...) end
  local fname, fargs = ...
  local fn, why = lookup(f, fname)
  if not fn then return nil, why end
  return go(fn, table.unpack(fargs or {}))
end

local function spawn_on(n, opts, f, ...)
  local mod, fun, args
  n = name_of(n)
  if n == node.self() then return spawn_here(opts, f, ...) end
  if type(f) == "function" then
    local ok, why = node.connect(n)
    if not ok then return nil, why end
    if not _dist.is_repl(n) then
      return nil, n .. " is not a repl node: it cannot run a Lua function; "
        .. "spawn a module's function there: node.spawn(n, \"mod\", \"fun\", {args})"
    end
    mod, fun, args = A["$lua"], A.apply, {f, ...}
  else
    local fname, fargs = ...
    mod, fun, args = A(name_of(f)), A(name_of(fname)), fargs or {}
  end
  local ref = make_ref()
  node.monitor(n, true)
  _dist.spawn_request(n, ref, mod, fun, args, opts)
  local m = receive(when(T(SPAWNED, ref, ANY, ANY)), when(T(A.nodedown, n)))
  node.monitor(n, false)
  if m[1] == A.nodedown then return nil, "the connection to " .. n .. " was lost" end
  if typeof(m[3]) ~= "pid" then return nil, tostring(m[3]) end
  return m[3]
end

function node.spawn(n, f, ...)
  return spawn_on(n, {}, f, ...)
end

-- The link is made on both sides as the reply comes (dist/control.c), so
-- not even an instant crash slips through.
function node.spawn_link(n, f, ...)
  return spawn_on(n, {A.link}, f, ...)
end

-- Functions of modules travel by name, as Erlang's fun M:F/A (dist/etf.c
-- asks these two): sent as a value, global.whereis_name would carry a copy
-- of this node's name table, and print has no bytecode. A module is a
-- table in package.loaded (what require returned, Lua's own libraries, the
-- node module) that is also a global; "_G" names the C functions among
-- the globals. A learner's own functions and tables are no modules: they
-- travel by value, as closures do. The table is made again when
-- package.loaded grows.
package.loaded.node = node
local fun_names, loaded_count = nil, 0

local function count(t)
  local k = 0
  for _ in pairs(t) do k = k + 1 end
  return k
end

local function name_functions()
  local modules = {}
  for _, m in pairs(package.loaded) do
    if type(m) == "table" and m ~= _G then modules[m] = true end
  end
  fun_names = setmetatable({}, { __mode = "k" })
  for gname, v in pairs(_G) do
    if type(v) == "table" and modules[v] and type(gname) == "string" then
      for fname, f in pairs(v) do
        if type(f) == "function" and type(fname) == "string" and fname:sub(1, 1) ~= "_" then
          fun_names[f] = fun_names[f] or { gname, fname }
        end
      end
    elseif type(v) == "function" and type(gname) == "string"
        and debug.getinfo(v, "S").what == "C" then
      fun_names[v] = { "_G", gname }
    end
  end
  loaded_count = count(package.loaded)
end

function _dist_fun_name(f)
  if fun_names == nil or count(package.loaded) ~= loaded_count then name_functions() end
  local n = fun_names[f]
  if n then return n[1], n[2] end
end

function _dist_fun_by_name(mod, fun)
  return (lookup(mod, fun))
end

-- SPAWN_REQUEST from another node: a Lua closure (ours), or mod.fun as
-- lookup finds it. Returns the pid for the reply and its
-- flags (1: linked, 2: monitored; dist/control.c makes them).
function _dist_spawn_request(peer, reqid, from, gl, mod, fun, args, opts)
  local f, flags = nil, 0
  for _, o in ipairs(type(opts) == "table" and opts or {}) do
    if o == A.link then flags = flags | 1
    elseif o == A.monitor then flags = flags | 2 end
  end
  if mod == A["$lua"] and fun == A.apply then
    f = table.remove(args, 1)
  else
    local why
    f, why = lookup(mod, fun)
    if not f then f = function() error(why .. " on " .. node.self(), 0) end end
  end
  local pid = spawn(f, table.unpack(args))
  if gl then group_leader(gl, pid) end
  return pid, flags
end

-- Messages to registered names that are the system's: net_kernel answers
-- Erlang's is_auth call (net_adm:ping), the rest are dropped quietly.
local function reply(from, result)
  send(from[1], T(from[2], result))
end

function _dist_reg_send(peer, name, from, msg)
  local n = atom_name(name)
  if n == "net_kernel" and typeof(msg) == "tuple" and msg[1] == A["$gen_call"] then
    reply(msg[2], A.yes)
    return true
  elseif n == "$repl_mesh" and type(msg) == "table" then
    for _, other in ipairs(msg) do                 -- connect to those we lack
      if type(other) == "string" and other ~= node.self() then _dist.connect(other) end
    end
    return true
  end
  return false
end

-- The full mesh among visible nodes: when a visible node comes up, tell it
-- the visible nodes we know; it connects to those it lacks (as OTP's global
-- does between Erlang nodes). Hidden nodes take no part, either side.
function _dist_nodeup(peer, hidden)
  if hidden or _dist.hidden() then return end
  local known = node.list()
  send(T("$repl_mesh", peer), known)
end

-- When the node is named: user, the io server, the group leader of what
-- other nodes spawn here; net_kernel, a process to send from when no
-- process is sending (a send_after timer firing towards another node).
-- A node with no name has neither, so processes() shows only the learner's.
function _dist_started()
  if whereis("user") == nil then require("dist.io").start() end
  rpc._start()
  global._start()
  if whereis("net_kernel") == nil then
    register("net_kernel", spawn(function() while true do receive() end end))
  end
end

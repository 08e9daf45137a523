-- dist.rpc: remote procedure calls, both ways, in the shape OTP 25 uses.
--
-- Outgoing, a call is what erpc:call does: a spawn request for
-- erpc:execute_call(Ref, M, F, A) on the other node, with a monitor, whose
-- DOWN carries the outcome as the exit reason ({Ref, return, Value},
-- {Ref, error, Reason, Stack}, ...). So the same request runs on an Erlang
-- node and on ours. Each call runs in a small local proxy process: the
-- caller waits for the proxy's DOWN only, and abandoning a call (timeout,
-- Ctrl-C) is killing the proxy, so that nothing late (spawn reply, DOWN,
-- nodedown) can reach the caller's mailbox.
--
-- Incoming, erpc is one of the system modules below that
-- _dist_spawn_request (dist/lua/node.lua) finds before Lua's globals, and
-- rex, the registered server of the older rpc protocol, answers
-- gen_server calls and casts, as OTP's rpc module does.
local M = {}
local A, T = atom, tuple

local DOWN, NODEDOWN, SPAWNED = A.DOWN, A.nodedown, A["$spawn_reply"]
local RETURN, THROW, EXIT, ERROR = A["return"], A.throw, A.exit, A.error
local BADRPC, XEXIT, UNDEF = A.badrpc, A.EXIT, A.undef
local LUA, APPLY = A["$lua"], A.apply
local ERPC = A.erpc
local NOCONN = A.noconnection
-- What a proxy exits with when no DOWN says how the call went.
local SPAWN_ERROR = A["$rpc_spawn_error"]

local function name_of(n)
  if typeof(n) == "atom" then return atom_name(n) end
  return n
end

local function unpack_args(args)
  return table.unpack(args, 1, args.n or #args)
end

-- ---- running a call here: for other nodes' requests and our own ----

-- lookup(mod, fun): the function a node runs for mod:fun: a system
-- module's (M._modules below: erpc, which Erlang's rpc spawns) or a global
-- table's (string.upper); nil and "undefined function mod.fun" when there
-- is none. Spawn requests and functions sent by name (dist/lua/node.lua)
-- look up the same way, as M._lookup.
local function lookup(mod, fun)
  mod, fun = name_of(mod), name_of(fun)
  local m = M._modules[mod] or _G[mod]
  local f = type(m) == "table" and m[fun]
  if type(f) == "function" then return f end
  return nil, "undefined function " .. tostring(mod) .. "." .. tostring(fun)
end
M._lookup = lookup

-- The Lua function that mod, fun names and the arguments to pass it, or
-- for "$lua", apply a closure that came over the wire as the first
-- argument. nil when undefined.
local function resolve(mod, fun, args)
  if mod == LUA and fun == APPLY then
    if type(args[1]) ~= "function" then return nil end
    return args[1], table.move(args, 2, math.max(#args, 1), 1, {})
  end
  local f = lookup(mod, fun)
  if f == nil then return nil end
  return f, args
end

-- A reason that can travel: data as it is; a Lua value that cannot (a
-- coroutine, a file) as its text.
local function wire_safe(v)
  local k = typeof(v)
  if k == "userdata" or k == "thread" then return tostring(v) end
  return v
end

-- Runs mod.fun(args...) and says how it went in erpc's words, the reason
-- execute_call exits with: {Ref, return, Value} (a Lua function's first
-- result), {Ref, exit, Reason} for exit(reason), {Ref, error, Reason,
-- Stack} for a Lua error (Reason its message) or an undefined function
-- (undef, the stack naming mod, fun and the arguments, as Erlang does).
local function execute(ref, mod, fun, args)
  local f, fargs = resolve(mod, fun, args)
  if f == nil then return T(ref, ERROR, UNDEF, {T(mod, fun, args, {})}) end
  local ok, r = pcall(f, unpack_args(fargs))
  if ok then return T(ref, RETURN, wire_safe(r)) end
  if typeof(r) == "exit" then return T(ref, EXIT, (debug.getuservalue(r, 1))) end
  return T(ref, ERROR, wire_safe(r), {T(mod, fun, #fargs, {})})
end

-- The modules of the system that other nodes' spawn requests name. Erlang's
-- rpc:call and erpc:call ask for erpc:execute_call, rpc:cast and erpc:cast
-- for erpc:execute_cast.
M._modules = {
  erpc = {
    execute_call = function(ref, mod, fun, args)
      exit(execute(ref, mod, fun, args))
    end,
    -- A cast has no one to answer: its error ends the process with a crash
    -- report here, as on the BEAM.
    execute_cast = function(mod, fun, args)
      local f, fargs = resolve(mod, fun, args)
      if f == nil then
        error("undefined function " .. name_of(mod) .. "." .. name_of(fun), 0)
      end
      f(unpack_args(fargs))
    end,
  },
}

-- ---- outcomes ----

local function badrpc(reason)
  return nil, T(BADRPC, reason)
end

-- The DOWN reason of a call (the proxy's exit reason) as rpc.call returns
-- it: the value, or nil and {badrpc, Reason} with rpc:call's reasons.
local function outcome(ref, r)
  if typeof(r) == "tuple" and r[1] == ref then
    local kind = r[2]
    if kind == RETURN or kind == THROW then return r[3] end
    if kind == EXIT then return badrpc(T(XEXIT, r[3])) end
    if kind == ERROR and #r == 4 then return badrpc(T(XEXIT, T(r[3], r[4]))) end
    if kind == ERROR then                    -- {Ref, error, {erpc, Reason}}
      local e = r[3]
      if typeof(e) == "tuple" and e[1] == ERPC then e = e[2] end
      return badrpc(T(XEXIT, e))
    end
  end
  if typeof(r) == "tuple" and r[1] == SPAWN_ERROR then
    if r[2] == NOCONN then return badrpc(NODEDOWN) end
    if r[2] == A.notsup then return badrpc(A.notsup) end
    return badrpc(T(XEXIT, r[2]))
  end
  if r == NOCONN then return badrpc(NODEDOWN) end
  return badrpc(T(XEXIT, r))                 -- killed, or another signal
end

-- ---- calls from here ----

-- Spawn options travel to the other node, which knows only those of
-- spawn_opt: the reply options of spawn_request are the asking side's (and
-- this side delivers a spawn reply always; the proxy takes it).
local SPAWN_OPTS = {A.monitor}

-- The proxy's body for a call on another node: sends the request and ends
-- with the outcome as its exit reason. node.monitor covers the time before
-- the spawn reply, when no monitor exists yet (it also connects, and says
-- nodedown when that fails); after the reply, the monitor's DOWN says
-- noconnection if the node goes. The spawn request waits for the
-- connection, if it is still being made.
local function proxy(n, ref, mod, fun, args)
  if _dist.connect(n) == nil then exit(T(SPAWN_ERROR, NOCONN)) end  -- no such name
  node.monitor(n, true)
  _dist.spawn_request(n, ref, ERPC, A.execute_call, {ref, mod, fun, args}, SPAWN_OPTS)
  local function wanted(m)
    if typeof(m) ~= "tuple" then return false end
    local k = m[1]
    return (k == DOWN or k == SPAWNED) and m[2] == ref or k == NODEDOWN and m[2] == n
  end
  local reason
  repeat
    local m = receive(wanted)
    if m[1] == DOWN then reason = m[5]
    elseif m[1] == NODEDOWN then reason = NOCONN
    elseif typeof(m[3]) ~= "pid" then reason = T(SPAWN_ERROR, m[3]) end
  until reason ~= nil
  node.monitor(n, false)
  exit(reason)
end

local function is_self(n)
  return n == node.self()
end

-- Starts a call of mod.fun(args) on node n (a fn instead of mod, fun for
-- a Lua closure): a process whose DOWN carries the outcome. Returns its
-- pid and monitor ref, or nil and the badrpc reason when n cannot be
-- asked at all.
local function start(n, ref, mod, fun, args)
  if is_self(n) then
    return spawn_monitor(function() exit(execute(ref, mod, fun, args)) end)
  end
  if not node.alive() then return nil, T(BADRPC, NODEDOWN) end
  if mod == LUA then                          -- a closure: repl nodes only
    if not node.connect(n) then return nil, T(BADRPC, NODEDOWN) end
    if not _dist.is_repl(n) then
      return nil, T(BADRPC, n .. " is not a repl node: it cannot run a Lua function;"
        .. " call a module's function there: rpc.call(n, \"mod\", \"fun\", {args})")
    end
  end
  return spawn_monitor(proxy, n, ref, mod, fun, args)
end

-- Abandons a call: its proxy goes, and with it whatever would come late.
local function abandon(pid, mref)
  exit(pid, "kill")
  demonitor(mref, true)
end

-- Waits up to timeout ms (nil: for ever) for the call's DOWN. Ctrl-C in
-- the shell abandons the call before the interruption goes on.
local function await(pid, mref, ref, timeout)
  local ok, m = pcall(receive, T(DOWN, mref, ANY, ANY, ANY), timeout)
  if ok and m then return outcome(ref, m[5]) end
  abandon(pid, mref)
  if not ok then error(m, 0) end
  return badrpc(A.timeout)
end

local function check_timeout(t, level)
  if t == nil or t == "infinity" or t == A.infinity then return nil end
  if math.type(t) ~= "integer" or t < 0 then
    error("timeout: milliseconds (an integer >= 0) or nil for none", level + 1)
  end
  return t
end

local function check_node(n, level)
  n = name_of(n)
  if type(n) ~= "string" then error("node name expected, like \"bob@host\"", level + 1) end
  return n
end

-- The request of a call in its two forms, (mod, fun, args, timeout) or
-- (fn, args, timeout): mod, fun as atoms, fn as "$lua" apply.
local function request(a, b, c, d, level)
  if type(a) == "function" then
    if b ~= nil and type(b) ~= "table" then error("the arguments go in a table: {arg1, arg2}", level + 1) end
    local args = {a}
    for i = 1, b and (b.n or #b) or 0 do args[i + 1] = b[i] end
    return LUA, APPLY, args, check_timeout(c, level + 1)
  end
  local mod, fun = name_of(a), name_of(b)
  if type(mod) ~= "string" or type(fun) ~= "string" then
    error("module and function names expected (\"string\", \"upper\"), or a Lua function", level + 1)
  end
  if c ~= nil and type(c) ~= "table" then error("the arguments go in a table: {arg1, arg2}", level + 1) end
  return A(mod), A(fun), c or {}, check_timeout(d, level + 1)
end

-- rpc.call(node, mod, fun, args [, timeout]) / rpc.call(node, fn [, args [, timeout]])
function M.call(n, a, b, c, d)
  n = check_node(n, 2)
  local mod, fun, args, timeout = request(a, b, c, d, 2)
  local ref = make_ref()
  local pid, mref = start(n, ref, mod, fun, args)
  if pid == nil then return nil, mref end
  return await(pid, mref, ref, timeout)
end

local function connected(n)
  for _, up in ipairs(node.list("connected")) do
    if up == n then return true end
  end
  return false
end

-- Fire and forget, from a process of its own so that the spawn reply goes
-- nowhere: true at once, as rpc:cast.
function M.cast(n, a, b, c)
  n = check_node(n, 2)
  local mod, fun, args = request(a, b, c, nil, 2)
  if is_self(n) then
    spawn(M._modules.erpc.execute_cast, mod, fun, args)
    return true
  end
  if mod == LUA and connected(n) and not _dist.is_repl(n) then
    error(n .. " is not a repl node: it cannot run a Lua function", 2)
  end
  spawn(function()
    if not node.alive() or not node.connect(n) then return end
    if mod == LUA and not _dist.is_repl(n) then
      print("rpc.cast: " .. n .. " is not a repl node: it cannot run a Lua function")
      return
    end
    _dist.spawn_request(n, make_ref(), ERPC, A.execute_cast, {mod, fun, args}, {})
  end)
  return true
end

-- Erlang's default list of nodes for multicall and eval_everywhere: this
-- one and the visible ones.
local function everywhere()
  local all = {node.self()}
  for _, n in ipairs(node.list()) do all[#all + 1] = n end
  return all
end

-- Collects the DOWNs of the calls in pending (monitor ref -> call) until
-- all came or timeout ms passed (a timer message marks the deadline; nil:
-- no deadline). The calls left are abandoned.
local function collect(pending, left, timeout)
  local deadline = make_ref()
  local timer = timeout and send_after(timeout, self(), deadline)
  local function wanted(m)
    return m == deadline or (typeof(m) == "tuple" and m[1] == DOWN and pending[m[2]] ~= nil)
  end
  while left > 0 do
    local ok, m = pcall(receive, wanted)
    if not ok or m == deadline then
      for mref, call in pairs(pending) do abandon(call.pid, mref) end
      if not ok then error(m, 0) end
      break
    end
    local call = pending[m[2]]
    pending[m[2]], left = nil, left - 1
    call.value, call.err = outcome(call.ref, m[5])
    call.done = true
  end
  if timer and not cancel_timer(timer) then receive(deadline, 0) end
end

-- rpc.multicall([nodes,] mod, fun, args [, timeout]) or
-- rpc.multicall([nodes,] fn [, args [, timeout]]): the calls run at once;
-- results in the order of the nodes that answered, bad nodes those down or
-- too slow. A call that failed there is a result, tuple(badrpc, reason).
function M.multicall(nodes, ...)
  local a, b, c, d = ...
  if type(nodes) ~= "table" then nodes, a, b, c, d = everywhere(), nodes, a, b, c end
  local mod, fun, args, timeout = request(a, b, c, d, 2)
  local calls, pending, left = {}, {}, 0
  for i, n in ipairs(nodes) do
    n = check_node(n, 2)
    local ref = make_ref()
    local pid, mref = start(n, ref, mod, fun, args)
    calls[i] = {node = n, ref = ref, pid = pid, mref = mref}
    if pid ~= nil then pending[mref] = calls[i]; left = left + 1
    else calls[i].err = mref end
  end
  collect(pending, left, timeout)
  local results, bad, count, holes = {}, {}, 0, false
  for _, call in ipairs(calls) do
    local err = call.err
    if err == nil and not call.done or err and (err[2] == NODEDOWN or err[2] == A.timeout) then
      bad[#bad + 1] = call.node
    else
      count = count + 1
      results[count] = err or call.value
      holes = holes or results[count] == nil
    end
  end
  if holes then results.n = count end   -- a nil result leaves a hole: n counts
  return results, bad
end

-- rpc.eval_everywhere([nodes,] mod, fun, args): rpc.cast to each node.
function M.eval_everywhere(nodes, a, b, c)
  if type(nodes) ~= "table" then nodes, a, b, c = everywhere(), nodes, a, b end
  for _, n in ipairs(nodes) do M.cast(n, a, b, c) end
  return true
end

-- ---- rex: the older rpc protocol, by message to the registered rex ----

-- The value of a call as OTP's rpc server answers: the value, or
-- {badrpc, Reason}.
local function rex_value(mod, fun, args)
  local v, err = outcome(false, execute(false, mod, fun, args))
  return err or v
end

-- Runs the call in a process of its own, with the caller's group leader,
-- and sends reply(value) to `to`.
local function rex_run(gl, mod, fun, args, to, wrap)
  local pid = spawn(function()
    send(to, wrap(rex_value(mod, fun, args)))
  end)
  if typeof(gl) == "pid" then group_leader(gl, pid) end
end

local function rex_handle(m)
  if typeof(m) ~= "tuple" then return end
  local tag = m[1]
  if tag == A["$gen_call"] and typeof(m[2]) == "tuple" and typeof(m[3]) == "tuple" then
    local from, req = m[2], m[3]
    if (req[1] == A.call or req[1] == A.block_call) and #req == 5 then
      rex_run(req[5], req[2], req[3], req[4], from[1],
              function(v) return T(from[2], v) end)
    end
  elseif tag == A["$gen_cast"] and typeof(m[2]) == "tuple" and m[2][1] == A.cast then
    local req = m[2]
    local pid = spawn(M._modules.erpc.execute_cast, req[2], req[3], req[4])
    if typeof(req[5]) == "pid" then group_leader(req[5], pid) end
  elseif typeof(tag) == "pid" and typeof(m[2]) == "tuple" then
    local from, req = tag, m[2]
    if req[1] == A.call then                   -- hidden C nodes' form
      rex_run(req[5], req[2], req[3], req[4], from,
              function(v) return T(A.rex, v) end)
    elseif req[1] == A.sbcast or req[1] == A.send then
      local name, msg = req[2], req[3]
      if req[1] == A.send then msg = T(from, msg) end
      if whereis(name) then
        send(name, msg)
        if req[1] == A.sbcast then send(from, T(A.rex, A(node.self()), A(node.self()))) end
      else
        send(from, T(A.rex, A(node.self()), T(A.nonexisting_name, name)))
      end
    end
  elseif typeof(tag) == "pid" and m[2] == A.features_request then
    send(tag, T(A.features_reply, A(node.self()), {ERPC}))
  end
end

-- Called when the node becomes distributed (dist/lua/node.lua, _dist_started).
function M._start()
  if whereis("rex") ~= nil then return end
  register("rex", spawn(function()
    while true do
      local m = receive()
      pcall(rex_handle, m)      -- a malformed request must not end rex
    end
  end))
end

return M

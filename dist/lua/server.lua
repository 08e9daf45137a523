-- dist.server: a GenServer-like server, speaking OTP gen_server's protocol,
-- so that GenServer.call({:counter, :"lua@host"}, :get) from iex reaches a
-- Lua server, and server.call reaches a gen_server started in erl.
--
-- The wire (read in OTP's gen.erl and gen_server.erl, not copied):
--   call   {'$gen_call', {From, Tag}, Request}; the reply is {Tag, Reply}.
--          OTP 24+ callers, and ours, send Tag = [alias | Alias], Alias a
--          process alias of the caller's (vm/alias.c), and the reply goes
--          to the alias: once the caller gave up (a timeout) and dropped
--          the alias, a late reply is dropped instead of landing in its
--          mailbox. Any other Tag: the reply goes to the From pid.
--   cast   {'$gen_cast', Msg}; no answer.
--   stop   sys:terminate's call {system, {From, Tag}, {terminate, Reason}}:
--          the server answers ok, then ends with Reason. server.stop sends
--          it, so it stops an Erlang gen_server too; and proc_lib:stop /
--          GenServer.stop from an Erlang node stop ours. {system, From,
--          get_state} is answered too (sys:get_state/1); other system
--          requests get {error, {unsupported, Request}} at once.
--   other messages go to handle_info.
--
-- Choices, in Lua's idiom (each one said again in the help text):
--   * callbacks is a table: init(arg) -> state (missing: the state is arg);
--     handle_call(req, from, state) -> reply, state;
--     handle_cast(msg, state) -> state; handle_info(msg, state) -> state;
--     terminate(reason, state) (optional). from is tuple(pid, tag), as
--     GenServer's from: from[1] is the caller.
--   * Markers instead of {:reply, ...}/{:noreply, ...}/{:stop, ...}:
--     handle_call may return server.NOREPLY, state (answer later with
--     server.reply(from, value)); handle_call, handle_cast and handle_info
--     may return server.STOP, reason [, state] to end the server with
--     reason (after terminate(reason, state); without a third value,
--     terminate gets the state before the call). To reply and stop:
--     server.reply(from, v), then return server.STOP, reason. init may
--     return server.STOP, reason too: start returns nil and the reason.
--   * A callback that returns too few values (a forgotten `return state`)
--     ends the server (init: start returns nil) with a sentence saying what to return, as Elixir's
--     bad_return_value; a missing handle_call or handle_cast ends it too
--     (Elixir raises); a missing handle_info prints the message and goes
--     on (Elixir logs it). A Lua error in a callback crashes the server
--     (a crash report) without terminate: use a monitor to clean up.
--   * server.start returns the pid once init has run, or nil and why (the
--     name is taken, init raised or returned server.STOP). A failed start
--     never kills the caller, even with link = true (start_link would send
--     it the exit signal).
--   * {global = name} needs a named node (our global runs there only):
--     on nonode@nohost server.start returns nil and says so.
--   * With link = true and trap_exit(true) in init, the starter's EXIT ends
--     the server (terminate runs), as gen_server does with its parent's.
--   * server.call raises a Lua error where GenServer.call exits; the
--     message names the reason in Elixir's words ("time out", "no process:
--     ...", "no connection to n2@host") and the call. A reply that comes
--     after a timeout is dropped, as OTP 24+ drops it (the call's alias is
--     gone). Node loss is "no connection to ..." for every kind of dest, a
--     global one included (gen says noproc there).
--   * server.stop waits (no timeout by default) for the server to end with
--     the reason; a timeout raises "time out" but the request stays
--     delivered, so the server still stops when it gets to it (as OTP's).
--   * timeouts are milliseconds; nil means the default (5000 for call,
--     none for stop); "infinity" or atom.infinity means none.
local M = {}
local A, T = atom, tuple

local GEN_CALL, GEN_CAST, SYSTEM = A["$gen_call"], A["$gen_cast"], A.system
local DOWN, EXIT, NOCONN = A.DOWN, A.EXIT, A.noconnection
local IMPROPER, ALIAS = A.improper_list, A.alias

-- A call's tag as gen makes it since OTP 24: [alias | Alias] (an improper
-- list, as the wire mapping writes it).
local function alias_tag(alias)
  return T(IMPROPER, {ALIAS}, alias)
end

-- The alias in such a tag, or nil for a tag of another shape.
local function alias_in(tag)
  if typeof(tag) == "tuple" and #tag == 3 and tag[1] == IMPROPER
     and type(tag[2]) == "table" and #tag[2] == 1 and tag[2][1] == ALIAS
     and typeof(tag[3]) == "ref" then
    return tag[3]
  end
end

-- Markers a callback returns in place of a reply or a state. Tables, so no
-- value that came over the wire can be mistaken for one.
M.NOREPLY = setmetatable({}, {__tostring = function() return "server.NOREPLY" end})
M.STOP = setmetatable({}, {__tostring = function() return "server.STOP" end})

local function name_of(n)
  if typeof(n) == "atom" then return atom_name(n) end
  return n
end

-- Strings that name the atoms of exit reasons, as exit() reads them, so
-- that server.stop(s, "shutdown") waits for the :shutdown it will see.
local KNOWN = {normal = true, shutdown = true, kill = true, killed = true}
local function reason_of(r)
  if r == nil then return A.normal end
  if type(r) == "string" and KNOWN[r] then return A(r) end
  return r
end

-- A value in a message: the VM's tostring, strings quoted.
local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "table" and typeof(v) == "table" then
    if v.global ~= nil then return "{global = " .. show(v.global) .. "}" end
  end
  return tostring(v)
end

-- ---- exits, in Elixir's words (Exception.format_exit) ----

local NOPROC_TEXT = "no process: the process is not alive or there's no "
  .. "process currently associated with the given name"

local function exit_text(reason)
  if reason == A.noproc then return NOPROC_TEXT end
  if reason == A.timeout then return "time out" end
  if reason == A.calling_self then return "process attempted to call itself" end
  if typeof(reason) == "tuple" and reason[1] == A.nodedown then
    return "no connection to " .. name_of(reason[2])
  end
  if typeof(reason) == "atom" then return atom_name(reason) end
  if type(reason) == "string" then return reason end
  return tostring(reason)
end

-- Raises what GenServer.call would exit with: who (server.call), the
-- reason's text, and the call it ended.
local function fail(who, reason, dest, req)
  local what = who == "server.stop" and "" or ", " .. show(req)
  error(who .. ": " .. exit_text(reason) .. " (" .. who .. "(" .. show(dest)
        .. what .. "))", 0)
end

-- ---- destinations ----

local function bad_dest(who, level)
  error(who .. ": the server is a pid, a local name (\"counter\"), "
        .. "tuple(name, node) or {global = name}", level + 1)
end

-- What dest names now: a pid, or tuple(name, node) for a name on another
-- node; nil when no process has the local or global name. And the node
-- it is on, to name if the connection goes.
local function locate(who, dest, level)
  local k = typeof(dest)
  if k == "pid" then return dest, node_of(dest) end
  if k == "string" or k == "atom" then return whereis(name_of(dest)), node.self() end
  if k == "tuple" and #dest == 2 then
    local name, n = name_of(dest[1]), name_of(dest[2])
    if type(name) ~= "string" or type(n) ~= "string" then bad_dest(who, level + 1) end
    if n == node.self() then return whereis(name), n end
    return T(name, n), n
  end
  if k == "table" and dest.global ~= nil then
    local pid = global.whereis_name(dest.global)
    return pid, pid and node_of(pid)
  end
  bad_dest(who, level + 1)
end

-- locate, for a call: raises noproc (a name no process has) or nodedown
-- (another node, and this one is not distributed), as gen's do_for_proc
-- exits.
local function resolve(who, dest, req, level)
  local target, n = locate(who, dest, level + 1)
  if target == nil then fail(who, A.noproc, dest, req) end
  if n ~= node.self() and not node.alive() then fail(who, T(A.nodedown, n), dest, req) end
  return target, n
end

local function check_timeout(who, t, default, level)
  if t == nil then return default end
  if t == "infinity" or t == A.infinity then return nil end
  if math.type(t) ~= "integer" or t < 0 then
    error(who .. ": timeout: milliseconds (an integer >= 0), or \"infinity\"", level + 1)
  end
  return t
end

-- ---- calling ----

-- gen's call: monitor the server, send {label, {self(), [alias | al]},
-- req} with al a new alias, wait for {[alias | al], reply} or the DOWN, up
-- to timeout ms (nil: for ever). Every way out drops the monitor and the
-- alias, Ctrl-C in the shell included, so nothing of the call comes later.
-- target and n are what resolve gave for dest.
local function gen_call(who, label, target, n, req, timeout, dest)
  if target == self() then fail(who, A.calling_self, dest, req) end
  local mref, al = monitor(target), alias()
  send(target, T(label, T(self(), alias_tag(al)), req))
  local function reply(m)
    return typeof(m) == "tuple" and #m == 2 and alias_in(m[1]) == al
  end
  local function wanted(m)
    return reply(m) or typeof(m) == "tuple" and m[1] == DOWN and m[2] == mref
  end
  local ok, m = pcall(receive, wanted, timeout)
  demonitor(mref, true)
  unalias(al)
  if not ok then error(m, 0) end
  if m == nil then                          -- timeout: a last look, as gen does
    m = receive(reply, 0)
    if m == nil then fail(who, A.timeout, dest, req) end
    return m[2]
  end
  if m[1] == DOWN then
    local reason = m[5]
    if reason == NOCONN then reason = T(A.nodedown, A(n)) end
    fail(who, reason, dest, req)
  end
  return m[2]
end

-- server.call(dest, req [, timeout]): the server's reply.
function M.call(dest, req, timeout)
  timeout = check_timeout("server.call", timeout, 5000, 2)
  local target, n = resolve("server.call", dest, req, 2)
  return gen_call("server.call", GEN_CALL, target, n, req, timeout, dest)
end

-- server.cast(dest, msg): true at once, whether or not a server is there
-- (GenServer.cast returns :ok for a name no one has).
function M.cast(dest, msg)
  local target, n = locate("server.cast", dest, 2)
  if target ~= nil and (n == node.self() or node.alive()) then
    send(target, T(GEN_CAST, msg))
  end
  return true
end

-- server.reply(from, value): answers a call that handle_call left with
-- server.NOREPLY (from is the tuple(pid, tag) it was given).
function M.reply(from, value)
  if typeof(from) ~= "tuple" or #from ~= 2 or typeof(from[1]) ~= "pid" then
    error("server.reply: from is the second argument handle_call was given", 2)
  end
  send(alias_in(from[2]) or from[1], T(from[2], value))
  return true
end

-- server.stop(dest [, reason [, timeout]]): ends the server with reason
-- (default :normal) after its terminate, and returns true once it is gone,
-- as GenServer.stop. The way sys:terminate asks, so Erlang servers stop too.
function M.stop(dest, reason, timeout)
  timeout = check_timeout("server.stop", timeout, nil, 2)
  reason = reason_of(reason)
  local target, n = resolve("server.stop", dest, nil, 2)
  local mref = monitor(target)
  local ok, err = pcall(gen_call, "server.stop", SYSTEM, target, n, T(A.terminate, reason), timeout, dest)
  if not ok then demonitor(mref, true); error(err, 0) end
  local m = receive(T(DOWN, mref, ANY, ANY, ANY), timeout)
  if m == nil then demonitor(mref, true); fail("server.stop", A.timeout, dest) end
  if m[5] ~= reason and m[5] ~= NOCONN then fail("server.stop", m[5], dest) end
  return true
end

-- ---- the server process ----

local function who_is(s)
  return tostring(self()) .. (s.name and " (" .. show(s.name) .. ")" or "")
end

-- Ends the server: terminate(reason, state) if there is one, then exit.
local function finish(s, reason, state)
  if s.cb.terminate then s.cb.terminate(reason, state) end
  exit(reason)
end

local function bad_return(s, fname, want)
  error("server " .. who_is(s) .. ": " .. fname .. " must return " .. want, 0)
end

-- f(...)'s results with their count first, nils at the end kept.
local function returns(...)
  return select("#", ...), ...
end

-- server.STOP, reason [, state] from a callback: the server ends; without
-- a state, terminate gets the one before the callback.
local function stop_if(s, n, a, reason, st, old)
  if a ~= M.STOP then return end
  if n < 3 then st = old end
  finish(s, reason_of(reason), st)
end

local function on_call(s, from, req, state)
  local f = s.cb.handle_call
  if not f then
    error("server " .. who_is(s) .. ": called with " .. show(req)
          .. " but its callbacks have no handle_call", 0)
  end
  local n, reply, st, c = returns(f(req, from, state))
  stop_if(s, n, reply, st, c, state)
  if n < 2 then
    bad_return(s, "handle_call", "reply, state (or server.NOREPLY, state, or server.STOP, reason)")
  end
  if reply ~= M.NOREPLY then M.reply(from, reply) end
  return st
end

-- handle_cast and handle_info: they return the state, or server.STOP.
local function on_message(s, fname, msg, state)
  local f = s.cb[fname]
  if not f then
    error("server " .. who_is(s) .. ": got " .. show(msg) .. " but its callbacks have no " .. fname, 0)
  end
  local n, st, b, c = returns(f(msg, state))
  stop_if(s, n, st, b, c, state)
  if n == 0 then bad_return(s, fname, "the new state (return state), or server.STOP, reason") end
  return st
end

-- sys's requests: terminate (sys:terminate, proc_lib:stop, server.stop)
-- is answered ok before the server ends, as sys does; get_state gives the
-- state; others are refused at once rather than left to time out.
local function on_system(s, from, req, state)
  if typeof(req) == "tuple" and #req == 2 and req[1] == A.terminate then
    M.reply(from, A.ok)
    finish(s, req[2], state)
  elseif req == A.get_state then
    M.reply(from, state)
  else
    M.reply(from, T(A.error, T(A.unsupported, req)))
  end
  return state
end

local function is_from(f)
  return typeof(f) == "tuple" and #f == 2 and typeof(f[1]) == "pid"
end

-- One message: the new state.
local function dispatch(s, m, state)
  if typeof(m) == "tuple" then
    local tag = m[1]
    if tag == GEN_CALL and #m == 3 and is_from(m[2]) then return on_call(s, m[2], m[3], state) end
    if tag == GEN_CAST and #m == 2 then return on_message(s, "handle_cast", m[2], state) end
    if tag == SYSTEM and #m == 3 and is_from(m[2]) then return on_system(s, m[2], m[3], state) end
    if tag == EXIT and #m == 3 and s.parent and m[2] == s.parent then finish(s, m[3], state) end
  end
  if not s.cb.handle_info then                      -- Elixir logs these
    print("server " .. who_is(s) .. ": no handle_info for the message " .. show(m))
    return state
  end
  return on_message(s, "handle_info", m, state)
end

-- The name the server was asked to take: true, or false and why.
local function claim(opts)
  if opts.name ~= nil then
    local name = name_of(opts.name)
    local holder = whereis(name)
    if holder then return false, "the name " .. show(name) .. " is already registered to " .. tostring(holder) end
    local ok, why = pcall(register, name, self())
    if not ok then return false, tostring(why) end
  end
  if opts.global ~= nil then
    local ok, why = global.register_name(opts.global, self())
    if not ok then return false, why or ("the global name " .. show(opts.global) .. " is taken") end
  end
  return true
end

-- What init's failure says: the error's message, or an exit's reason.
local function failure_text(e)
  if typeof(e) == "exit" then return exit_text((debug.getuservalue(e, 1))) end
  return tostring(e)
end

-- The server's process: take the name, run init, tell the starter (ack),
-- then one callback per message for ever.
local function serve(cb, arg, opts, parent, starter, ack)
  local s = {cb = cb, name = opts.name or opts.global, parent = parent}
  local ok, why = claim(opts)
  if not ok then send(starter, T(ack, false, why)) return end
  local state
  if cb.init then
    local r = table.pack(pcall(cb.init, arg))
    if not r[1] then send(starter, T(ack, false, failure_text(r[2]))) return end
    if r[2] == M.STOP then send(starter, T(ack, false, exit_text(reason_of(r[3])))) return end
    if r.n < 2 then
      send(starter, T(ack, false, "server: init must return the state")) return
    end
    state = r[2]
  else
    state = arg
  end
  send(starter, T(ack, true, self()))
  while true do
    state = dispatch(s, receive(), state)
  end
end

local CALLBACKS = {init = true, handle_call = true, handle_cast = true,
                   handle_info = true, terminate = true}

local function check_start(cb, opts)
  if type(cb) ~= "table" then
    error("server.start: the callbacks go in a table: {init = fn, handle_call = fn, ...}", 3)
  end
  for k, v in pairs(cb) do
    if not CALLBACKS[k] then
      error("server.start: unknown callback " .. tostring(k) .. " (init, handle_call, "
            .. "handle_cast, handle_info, terminate)", 3)
    end
    if type(v) ~= "function" then error("server.start: callback " .. k .. " is not a function", 3) end
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("server.start: options go in a table: {name = \"counter\"} or {global = name}", 3)
  end
  opts = opts or {}
  local n = opts.name
  if n ~= nil and type(n) ~= "string" and typeof(n) ~= "atom" then
    error("server.start: name is a string (\"counter\") or an atom", 3)
  end
  return opts
end

-- server.start(callbacks, arg [, {name = n | global = n, link = true}]):
-- the pid once init has run, or nil and why.
function M.start(cb, arg, opts)
  opts = check_start(cb, opts)
  if opts.global ~= nil and not node.alive() then   -- global runs on named nodes only
    return nil, "a global name needs a distributed node: start repl with --sname"
  end
  local ack, me = make_ref(), self()
  local pid
  if opts.link then pid = spawn_link(serve, cb, arg, opts, me, me, ack)
  else pid = spawn(serve, cb, arg, opts, nil, me, ack) end
  local mref = monitor(pid)
  local m = receive(function(m)
    return typeof(m) == "tuple" and (m[1] == ack or m[1] == DOWN and m[2] == mref)
  end)
  demonitor(mref, true)
  if m[1] == DOWN then return nil, exit_text(m[5]) end
  if m[2] then return pid end
  return nil, m[3]
end

return M

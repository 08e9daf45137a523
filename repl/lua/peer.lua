-- repl.peer: child repl nodes started from a script or the shell, so that
-- one terminal can run a whole cluster, as OTP's peer module does. The C
-- half (repl/peer.c, _peer) runs the child, this same binary with the
-- hidden flag --peer, and tells a follower process of each line it writes
-- and of its exit. The child says "repl-peer up NODE" once it is up, and
-- halts when its stdin ends: we never write there, so our death (kill -9
-- included) or peer.stop ends it.
--
--   h = peer.start{name = "n2", cookie, hidden, ticktime, connect = true,
--                  output = true, args = {}, longnames (ours, else false),
--                  timeout = 15000, dir = "folder" (its working folder;
--                  ours by default)}
--   peer.stop(h), peer.kill(h), peer.list()
local M = {}
local A, T = atom, tuple

local PEER, OUT, ERR, EXIT = A["$peer"], A.out, A.err, A.exit
local UP = "^repl%-peer up (%S+)$"
local START_TIMEOUT = 15000     -- ms, as OTP's peer waits for a boot
local STOP_TIMEOUT = 10000      -- ms of grace before peer.stop kills

-- id -> {h = handle, follower = pid}: the children that are up and have
-- not exited. Shared by every process of this node (one Lua state).
local running = {}

-- ---- checking the options ----

local function fail(msg)
  error("peer.start: " .. msg, 4)
end

local OPTIONS = {name = "string", cookie = "string", hidden = "boolean",
                 ticktime = "number", connect = "boolean", args = "table",
                 longnames = "boolean", timeout = "number", output = true,
                 dir = "string"}

local function check_options(o)
  if o == nil then o = {} end
  if type(o) ~= "table" then fail("takes a table of options, as in peer.start{name = \"n2\"}") end
  for k, v in pairs(o) do
    local want = OPTIONS[k]
    if want == nil then fail("unknown option '" .. tostring(k) .. "'") end
    if want ~= true and type(v) ~= want then fail(k .. " must be a " .. want .. ", not a " .. type(v)) end
  end
  if o.output ~= nil and type(o.output) ~= "boolean" and type(o.output) ~= "function" then
    fail("output is true (print each line as [name] line), false, or a function of the line")
  end
  if o.ticktime and (o.ticktime < 1 or o.ticktime % 1 ~= 0) then fail("ticktime is a whole number of seconds") end
  if o.timeout and o.timeout <= 0 then fail("timeout is a number of milliseconds") end
  for i, a in ipairs(o.args or {}) do
    if type(a) ~= "string" then fail("args[" .. i .. "] is not a string") end
  end
end

-- ---- this node must be a node ----

-- A name for this node when peer.start has to name it: the script's name
-- (or "repl") and our OS pid, so that two runs of one script never clash.
local function own_name()
  local script = type(arg) == "table" and arg[0] or nil
  local base = script and script:match("([^/]*)$"):gsub("%.lua$", "") or ""
  base = base:gsub("[^%w_%-]", "_"):gsub("^[^%w]+", "")   -- "--check": "check"
  if base == "" then base = "repl" end
  return base .. "_" .. _peer.getpid()
end

local function ensure_alive(longnames)
  if node.alive() then return true end
  local name = own_name()
  if longnames then name = name .. "@127.0.0.1" end
  local ok, why = node.start(name, {longnames = longnames})
  if not ok then return nil, "this node is not distributed and could not be made so: " .. tostring(why) end
  io.stderr:write("peer: this node is now " .. node.self() .. " (peer.start named it)\n")
  return true
end

-- ---- the child's command line ----

local counter = 0

local function child_name(o)
  if o.name then return o.name end
  counter = counter + 1
  return "peer" .. counter .. "_" .. _peer.getpid()
end

-- With long names the child needs a host with dots: ours, or 127.0.0.1.
local function node_arg(name, longnames)
  if not longnames then return "--sname", name end
  if not name:find("@", 1, true) then
    local host = node.self():match("@(.*)$")
    name = name .. "@" .. (host and host:find(".", 1, true) and host or "127.0.0.1")
  end
  return "--name", name
end

local function command_line(name, o)
  local flag, full = node_arg(name, o.longnames)
  local argv = {"--peer", flag, full, "--cookie", o.cookie or node.get_cookie(),
                "--epmd-port", tostring(_peer.epmd_port()), "--no-color"}
  if o.hidden then argv[#argv + 1] = "--hidden" end
  if o.ticktime then
    argv[#argv + 1] = "--net-ticktime"
    argv[#argv + 1] = tostring(math.tointeger(o.ticktime))
  end
  -- a TLS node's children use its certificate: a plain child could not
  -- connect to it
  local tls = {_dist.tls()}
  for i, flag in ipairs({"--tls-certfile", "--tls-keyfile", "--tls-cacertfile"}) do
    if tls[i] then argv[#argv + 1] = flag; argv[#argv + 1] = tls[i] end
  end
  for _, a in ipairs(o.args or {}) do argv[#argv + 1] = a end
  return argv
end

-- ---- the follower: one process per child ----

-- show(output, name): what to do with one line of the child's.
local function shower(output, name)
  if output == false then return function() end end
  if type(output) == "function" then
    return function(line)
      local ok, err = pcall(output, line)
      if not ok then print("peer " .. name .. ": the output function failed: " .. tostring(err)) end
    end
  end
  return function(line) print("[" .. name .. "] " .. line) end
end

-- Why a child that never came up ended: its own last words (its stderr,
-- where repl says what is wrong), else its exit status.
local function failure(name, said, status, sig)
  local text = table.concat(said, " "):gsub("^repl: ", ""):gsub("%s+repl: ", "; ")
  if text ~= "" then return "peer " .. name .. " did not start: " .. text end
  if sig ~= 0 then return "peer " .. name .. " did not start: killed by signal " .. sig end
  return "peer " .. name .. " did not start: it exited with status " .. status
end

local function is_peer_msg(m)
  return typeof(m) == "tuple" and m[1] == PEER
end

-- follow(starter, ref, name, output, os_pid): takes every message of the
-- child. Until the up line, lines are held: they are the reason when the
-- child fails, and are shown once it is up. Tells the starter
-- {ref, true, handle} or {ref, false, why}; keeps running[] up to date.
local function follow(starter, ref, name, output, os_pid)
  local show = shower(output, name)
  local held, errs, up = {}, {}, false
  while true do
    local m = receive(is_peer_msg)
    local id, kind = m[2], m[3]
    if kind == EXIT then
      running[id] = nil
      if not up then send(starter, T(ref, false, failure(name, errs, m[4], m[5]))) end
      return
    end
    local node_name = not up and kind == OUT and m[4]:match(UP)
    if node_name then
      up = true
      local h = {name = name, node = node_name, os_pid = os_pid, id = id}
      running[id] = {h = h, follower = self()}
      send(starter, T(ref, true, h))
      for _, line in ipairs(held) do show(line) end
      held = nil
    elseif up then show(m[4])
    else
      held[#held + 1] = m[4]
      if kind == ERR then errs[#errs + 1] = m[4] end
    end
  end
end

-- ---- the API ----

-- Waits for the follower to end (the child has exited), up to ms.
local function await_end(follower, ms)
  local ref = monitor(follower)
  local m = receive(function(m) return typeof(m) == "tuple" and m[1] == A.DOWN and m[2] == ref end, ms)
  if m == nil then demonitor(ref, true) end
  return m ~= nil
end

-- peer.start{...}: h once the child is up (and connected, when connect),
-- or nil and why.
function M.start(o)
  check_options(o)
  local given = o or {}
  o = {}
  for k, v in pairs(given) do o[k] = v end   -- ours to fill in, not the caller's
  -- unset, longnames follows this node's kind, the only kind it can reach
  if o.longnames == nil and node.alive() then
    o.longnames = node.self():match("@.*%.") ~= nil
  end
  local ok, why = ensure_alive(o.longnames)
  if not ok then return nil, why end
  local name = child_name(o)
  local ref, starter, output = make_ref(), self(), o.output
  -- the follower first learns the child's OS pid; the child's messages
  -- wait in its mailbox meanwhile
  local follower = spawn(function()
    local m = receive(function(m) return typeof(m) == "tuple" and m[1] == ref end)
    follow(starter, ref, name, output, m[2])
  end)
  local id, os_pid = _peer.spawn(command_line(name, o), follower, o.dir)
  if not id then exit(follower, "kill"); return nil, "peer " .. name .. " did not start: " .. os_pid end
  send(follower, T(ref, os_pid))
  local m = receive(function(m) return typeof(m) == "tuple" and m[1] == ref end,
                    o.timeout or START_TIMEOUT)
  if m == nil then
    _peer.kill(id)
    await_end(follower, STOP_TIMEOUT)
    return nil, "peer " .. name .. " did not start within " .. (o.timeout or START_TIMEOUT) .. " ms"
  end
  if not m[2] then return nil, m[3] end
  local h = m[3]
  if o.connect ~= false then
    local conn, err = node.connect(h.node)
    if not conn then
      _peer.close_stdin(id)
      if not await_end(follower, STOP_TIMEOUT) then _peer.kill(id) end
      return nil, "peer " .. h.node .. " started but could not connect to us, so it was stopped: " .. tostring(err)
    end
  end
  return h
end

local function entry_of(h, fn)
  if type(h) ~= "table" or math.type(h.id) ~= "integer" then
    error("peer." .. fn .. " takes the handle that peer.start returned", 3)
  end
  return running[h.id]
end

-- peer.stop(h): the child's stdin ends, so it halts as halt() would; we
-- wait for its exit (killing it if it has not gone within 10 s). true, or
-- nil and why when it was not running.
function M.stop(h)
  local e = entry_of(h, "stop")
  if not e then return nil, "peer " .. tostring(h.name) .. " is not running" end
  _peer.close_stdin(h.id)
  if not await_end(e.follower, STOP_TIMEOUT) then
    _peer.kill(h.id)
    await_end(e.follower, STOP_TIMEOUT)
  end
  return true
end

-- peer.kill(h): kill -9, as a machine that dies; waits for the exit.
function M.kill(h)
  local e = entry_of(h, "kill")
  if not e then return nil, "peer " .. tostring(h.name) .. " is not running" end
  _peer.kill(h.id)
  await_end(e.follower, STOP_TIMEOUT)
  return true
end

-- peer.list(): the handles of the children still running, oldest first.
function M.list()
  local ids = {}
  for id in pairs(running) do ids[#ids + 1] = id end
  table.sort(ids)
  local hs = {}
  for i, id in ipairs(ids) do hs[i] = running[id].h end
  return hs
end

return M

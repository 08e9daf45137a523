--[==[
repl.drill: one declaration of a drill serves two ways of doing it
(scripts/README.md is the authors' guide; this is the engine).

  require("repl.drill").run { title = ..., seed = ..., nodes = {...},
                              steps = { {say, on, type, expect, check,
                                         output, wait, act}, ... } }

Self-running (repl script.lua): starts one peer node per name (repl.peer),
gives each a long-lived shell process (node.spawn of SHELL below: it
evaluates what it is sent with load() in that node's globals, so self(),
flush() and globals persist from step to step as in the learner's shell),
and for each step prints the narration, "node2> code", the result as the
shell prints it, and whether the step's check passed. What processes print
on a node's terminal shows as "[node2] line". Exits 0 when every check
passed, 1 otherwise, and stops the peers in every case.

Guided: inside the learner's own node (repl --sname node1 -i script.lua),
or with --guide [node1] from any terminal, prints the steps for that side:
what to type, what should happen, and when to switch terminals.

HOST in any text of a step is replaced by this machine's short host name.
]==]

local printer = require "repl.printer"
local A, T = atom, tuple

local M = {}

local EVAL, RESULT, LINE = "$drill_eval", "$drill_result", "$drill_line"
local WAIT = 5000                     -- ms a step's result or output may take

-- ---- checking a declaration ----

local function fail(msg) error("drill: " .. msg, 0) end

local STEP_FIELDS = { say = "string", on = "string", type = "string",
  expect = "string", output = "string", wait = "number", act = "function" }

-- One sentence per mistake, naming the step, so an author finds it at once.
local function check_step(i, s, known)
  if type(s) ~= "table" then fail("step " .. i .. " is not a table") end
  for k, v in pairs(s) do
    if k == "check" then
      if type(v) ~= "function" and type(v) ~= "string" then
        fail("step " .. i .. ": check is a function or a string")
      end
    elseif not STEP_FIELDS[k] then
      fail("step " .. i .. " has an unknown field '" .. tostring(k) .. "'")
    elseif type(v) ~= STEP_FIELDS[k] then
      fail("step " .. i .. ": " .. k .. " should be a " .. STEP_FIELDS[k])
    end
  end
  if s.on and not known[s.on] then
    fail("step " .. i .. " is on '" .. s.on .. "', which is not one of nodes")
  end
  if (s.type or s.output) and not s.on then
    fail("step " .. i .. " says what to type or see but not where (on = ...)")
  end
  if (s.check or s.expect) and not s.type then
    fail("step " .. i .. " has check or expect but nothing to type")
  end
  if not (s.say or s.type or s.act) then fail("step " .. i .. " is empty") end
end

-- A node is a name, or a table of the name and the options of its
-- terminal's command line (peer.start's options of the same names).
local NODE_OPTIONS = { name = "string", cookie = "string", hidden = "boolean",
  ticktime = "number" }

local function node_spec(n)
  if type(n) == "string" then n = { name = n } end
  if type(n) ~= "table" or type(n.name) ~= "string" or not n.name:match("^[%w_]+$") then
    fail("a node is a plain name such as \"node1\", or {name = \"node1\", cookie = ...}, not "
      .. printer.repr(n))
  end
  for k, v in pairs(n) do
    if type(v) ~= NODE_OPTIONS[k] then
      fail("node " .. n.name .. ": " .. tostring(k) .. " is not an option (name, cookie, hidden, ticktime)")
    end
  end
  if n.ticktime and (math.type(n.ticktime) ~= "integer" or n.ticktime < 1) then
    fail("node " .. n.name .. ": ticktime is a whole number of seconds")
  end
  return n
end

-- Checks the declaration and keeps the nodes in d.names (their names, in
-- order) and d.specs (name -> options).
local function validate(d)
  if type(d) ~= "table" then fail("drill.run takes a table { title, nodes, steps }") end
  if type(d.title) ~= "string" then fail("title is missing") end
  if type(d.nodes) ~= "table" or #d.nodes == 0 then fail("nodes lists no node") end
  if type(d.steps) ~= "table" or #d.steps == 0 then fail("steps lists no step") end
  if d.tls ~= nil and type(d.tls) ~= "boolean" then fail("tls is true or false") end
  d.names, d.specs = {}, {}
  for i, n in ipairs(d.nodes) do
    n = node_spec(n)
    if d.specs[n.name] then fail("node " .. n.name .. " is listed twice") end
    d.names[i], d.specs[n.name] = n.name, n
  end
  for i, s in ipairs(d.steps) do check_step(i, s, d.specs) end
end

-- A drill with tls = true runs its nodes with TLS distribution, on a
-- certificate made with the openssl command: the learner makes it once
-- (CERT_COMMAND), the self-running drill in a folder of its own.
local CERT_COMMAND = "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem "
  .. "-out cert.pem -days 30 -subj /CN=repl"
local TLS_FLAGS = " --tls-certfile cert.pem --tls-keyfile key.pem"

-- The learner's command line for a node: repl --sname node2 --cookie c ...
local function command_line(d, n)
  local cmd = "repl --sname " .. n.name .. (d.tls and TLS_FLAGS or "")
  if n.cookie then cmd = cmd .. " --cookie " .. n.cookie end
  if n.hidden then cmd = cmd .. " --hidden" end
  if n.ticktime then cmd = cmd .. " --net-ticktime " .. math.tointeger(n.ticktime) end
  return cmd
end

-- ---- HOST ----

-- The short host name, as --sname puts it after the @: the kernel's host
-- name up to the first dot (what gethostname gives dist/node.c).
local function short_host()
  local name
  local f = io.open("/proc/sys/kernel/hostname")
  if f then name = f:read("l"); f:close() end
  if not name or name == "" then
    local p = io.popen("uname -n 2>/dev/null")
    if p then name = p:read("l"); p:close() end
  end
  return ((name or "localhost"):match("^[^.]+") or "localhost")
end

local function host_of(nodename) return nodename:match("@(.+)$") end

-- HOST in every text of a step, as a word of its own (HOSTNAME stays); a
-- function replacement, since a host name is not a pattern.
local function subst(s, host)
  if type(s) ~= "string" then return s end
  return (s:gsub("%f[%w_]HOST%f[^%w_]", function() return host end))
end

M.host = short_host      -- for check functions that need it

-- ---- guided: the text for one terminal ----

local function indent(code, pad)
  return pad .. code:gsub("\n", "\n" .. pad)
end

-- Where to type, said so that a learner notices a change of terminal.
local function where(me, on, last)
  if me == nil then return "in terminal " .. on .. ", type:" end
  if on == me then
    return (last and last ~= me) and "back here in terminal " .. me .. ", type:"
      or "here (" .. me .. "), type:"
  end
  return (last == on and "still" or "now") .. " in terminal " .. on .. ", type:"
end

-- The guide for terminal `me` (nil: both), as a list of lines.
function M.guide_lines(d, me, host)
  local out = {}
  local function add(s) out[#out + 1] = s end
  add(d.title)
  if d.seed then add("(from " .. d.seed .. ")") end
  add("")
  local starts = {}
  for _, n in ipairs(d.names) do starts[#starts + 1] = command_line(d, d.specs[n]) end
  if d.tls then
    add("The nodes use TLS distribution. Make their certificate once, in the folder")
    add("you start the terminals from: " .. CERT_COMMAND)
  end
  if me then
    add("You are terminal " .. me .. ". The drill's terminals: "
      .. table.concat(starts, ", ") .. ".")
  else
    add("Open " .. #d.names .. " terminals: " .. table.concat(starts, ", ") .. ".")
  end
  add("HOST is this machine's short host name: " .. host .. ".")
  local last
  for i, s in ipairs(d.steps) do
    add("")
    add(i .. ". " .. (subst(s.say, host) or (s.on and "In terminal " .. s.on .. ":" or "")))
    if s.type then
      add("   " .. where(me, s.on, last))
      add(indent(subst(s.type, host), "     "))
      last = s.on
    end
    local seen = s.on and me and s.on ~= me and " (in " .. s.on .. ")" or ""
    if s.expect then add("   you should see" .. seen .. ": " .. subst(s.expect, host)) end
    if s.output then
      add("   " .. (s.expect and "and printed on " .. s.on .. "'s screen"
        or "you should see" .. seen .. " printed") .. ": " .. subst(s.output, host))
    end
  end
  add("")
  add("That is the drill.")
  return out
end

-- ---- self-running: the peers' shells ----

-- The shell process on a peer. It travels to the peer as bytecode (so its
-- only upvalue is the globals table, which becomes the peer's): it takes
-- the runner's io server as its group leader, so what it and the processes
-- it spawns print comes to the runner with the node's name; then it
-- evaluates code as repl.shell does and sends back what the shell would
-- print and the values themselves, for the checks.
local function SHELL(runner, io_server)
  group_leader(io_server, self())
  local repr = require("repl.printer")
  local function run(code)
    local f, err = load("return " .. code, "=stdin", "t")
    if not f then f, err = load(code, "=stdin", "t") end
    if not f then return "** (syntax error) " .. err, { n = 0 }, false end
    local r = table.pack(xpcall(f, function(e) return e end))
    if not r[1] then
      local e = r[2]
      if typeof(e) == "exit" then error(e, 0) end  -- the shell was killed: as repl.shell
      return "** (error) " .. (type(e) == "string" and e or repr.repr(e)), { n = 0 }, false
    end
    local shown = r.n > 1 and repr.repr_results(r.n - 1, table.unpack(r, 2, r.n)) or false
    return shown, table.pack(table.unpack(r, 2, r.n)), true
  end
  -- a selective receive: every other message stays in the mailbox for the
  -- learner's code (flush(), receive()), as in the learner's shell
  local function is_eval(m) return typeof(m) == "tuple" and m[1] == "$drill_eval" end
  while true do
    local m = receive(is_eval)
    local shown, values, ok = run(m[3])
    -- values that cannot travel (a coroutine) are left out; the printed
    -- form still goes
    if not pcall(send, runner, tuple("$drill_result", m[2], shown, values, ok)) then
      send(runner, tuple("$drill_result", m[2], shown, { n = 0 }, ok))
    end
  end
end

-- The text of an io request (what print sends to a group leader elsewhere,
-- or an Erlang process's io:format), or nil for requests we do not serve.
local function request_text(r)
  if typeof(r) ~= "tuple" then return nil end
  if r[1] == A.put_chars and #r == 5 and r[3] == A.io_lib and r[4] == A.format then
    local ok, s = pcall(require("dist.io").format, r[5][1], r[5][2] or {})
    return ok and s or nil
  elseif r[1] == A.put_chars and (#r == 2 or #r == 3) then
    local c = r[#r]
    if type(c) == "string" then return c end
    local ok, s = pcall(utf8.char, table.unpack(type(c) == "table" and c or {}))
    return ok and s or nil
  elseif r[1] == A.requests and type(r[2]) == "table" then
    local out = {}
    for i, each in ipairs(r[2]) do out[i] = request_text(each) or "" end
    return table.concat(out)
  end
end

-- The runner's io server for one node: prints each line as "[node] line"
-- and tells the runner (LINE messages), so a step can wait for output.
-- It answers only after printing, so a shell's print is on the screen
-- before the shell's result is.
local function io_server(name, runner)
  return spawn(function()
    local pending = ""
    while true do
      local m = receive()
      if typeof(m) == "tuple" and m[1] == A.io_request and #m == 4 then
        local s = request_text(m[4])
        if s then
          pending = pending .. s
          for line in pending:gmatch("([^\n]*)\n") do
            print("[" .. name .. "] " .. line)
            send(runner, T(LINE, name, line))
          end
          pending = pending:match("[^\n]*$")
        end
        send(m[2], T(A.io_reply, m[3], s and A.ok or T(A.error, A.enotsup)))
      end
    end
  end)
end

-- Forgets the lines printed so far, so that a step's output check sees
-- only what that step printed.
local function drop_lines()
  while receive(function(m) return typeof(m) == "tuple" and m[1] == LINE end, 0) do end
end

local function wait_line(name, text, ms)
  return receive(function(m)
    return typeof(m) == "tuple" and m[1] == LINE and m[2] == name
      and m[3]:find(text, 1, true) ~= nil
  end, ms)
end

-- Sends code to a node's shell; returns what the shell printed, the
-- values, and whether it ran without error; nil after `ms`.
-- ---- self-running: the shells, watched ----

-- Starts the shell process of node `name` and monitors it: a shell that
-- dies (a linked process crashed, exit(self(), "kill")) is replaced, as
-- the learner's shell is.
local function start_shell(ctx, name)
  local h = ctx.peers[name]
  local pid, err = node.spawn(h.node, SHELL, self(), ctx.ios[name])
  if not pid then error("cannot start a shell on " .. h.node .. ": " .. tostring(err), 0) end
  ctx.shells[name] = pid
  local ref = monitor(pid)
  ctx.watch[ref], ctx.mons[name] = name, ref
end

-- Stops watching node `name`'s shell (its node is about to go).
local function forget_shell(ctx, name)
  local ref = ctx.mons[name]
  if ref then demonitor(ref, true); ctx.watch[ref] = nil end
  ctx.mons[name], ctx.shells[name] = nil, nil
end

local function shell_down(ctx)
  return function(m)
    return typeof(m) == "tuple" and m[1] == A.DOWN and ctx.watch[m[2]] ~= nil
  end
end

-- A shell's DOWN. noconnection says only that our connection to its node
-- went (a step restarted the node's distribution, cut it off): the shell
-- lives on, and is watched again at the next step; returns false. Else the
-- shell died: says so on that node's terminal as the shell does (the pid
-- as the node itself prints it, <0.x.y>), starts a new one, returns true.
local function on_shell_down(ctx, m)
  local name = ctx.watch[m[2]]
  ctx.watch[m[2]], ctx.mons[name] = nil, nil
  if m[5] == A.noconnection then return false end
  local line = "** (EXIT from " .. tostring(m[4]):gsub("^<%d+%.", "<0.")
    .. ") shell process exited with reason: " .. tostring(m[5])
  print("[" .. name .. "] " .. line)
  send(self(), T(LINE, name, line))           -- so that output can see it
  start_shell(ctx, name)
  return true
end

-- Watches node `name`'s shell again after a lost connection.
local function rewatch(ctx, name)
  local pid = ctx.shells[name]
  if pid and not ctx.mons[name] then
    local ref = monitor(pid)
    ctx.watch[ref], ctx.mons[name] = name, ref
  end
end

-- The DOWNs that came in since the last step.
local function replace_dead_shells(ctx)
  while true do
    local m = receive(shell_down(ctx), 0)
    if not m then return end
    on_shell_down(ctx, m)
  end
end

-- Sends code to a node's shell; returns what the shell printed, the
-- values, and whether it ran without error (if not, maybe why: the shell
-- died meanwhile, its node is gone); nil after `ms`.
local function eval(ctx, name, code, ms)
  if not ctx.shells[name] then return false, { n = 0 }, false, name .. " is not running" end
  rewatch(ctx, name)
  local ref = make_ref()
  send(ctx.shells[name], T(EVAL, ref, code))
  local down = shell_down(ctx)
  local function answer(m)
    return (typeof(m) == "tuple" and m[1] == RESULT and m[2] == ref) or down(m)
  end
  -- a lost connection does not end the wait (the shell is not rewatched
  -- meanwhile, so that happens at most once: at most twice ms in all)
  while true do
    local m = receive(answer, ms)
    if m == nil then return nil end
    if m[1] ~= A.DOWN then return m[3], m[4], m[5] end
    if on_shell_down(ctx, m) then
      return false, { n = 0 }, false, "the shell process exited"
    end
  end
end

-- ---- self-running: the steps ----

local function show_code(on, code)
  local lines = {}
  for l in (code .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  print(on .. "> " .. lines[1])
  for i = 2, #lines do print(string.rep(" ", #on - 3 > 0 and #on - 3 or 0) .. "...> " .. lines[i]) end
end

-- Whether the step's check holds: a string is text the printed result
-- must contain; a function gets the values and returns true, or false
-- (and why).
local function judge(s, shown, values, ran, host, why)
  if not ran then return false, why or "it raised an error" end
  if type(s.check) == "string" then
    local want = subst(s.check, host)
    if (shown or ""):find(want, 1, true) then return true end
    return false, "expected " .. want
  end
  local ok, res, why = pcall(s.check, table.unpack(values, 1, values.n))
  if not ok then return false, "the check raised: " .. tostring(res) end
  if res then return true end
  return false, why or ("expected " .. (s.expect and subst(s.expect, host) or "something else"))
end

-- Counts one check and says how it went: "ok" and what held, or FAILED
-- and why.
local function tally(ctx, ok, why, what)
  ctx.checks = ctx.checks + 1
  if ok then ctx.passed = ctx.passed + 1; print("   ok" .. (what and ": " .. what or ""))
  else print("   FAILED: " .. why) end
end

local function run_step(ctx, i, s)
  local host = ctx.host
  print("")
  print((("-- " .. i .. ". " .. (subst(s.say, host) or "")):gsub("%s+$", "")))
  if s.act then s.act(ctx) end
  replace_dead_shells(ctx)
  if not s.type then return true end
  drop_lines()
  show_code(s.on, subst(s.type, host))
  local wait = s.wait or WAIT
  local shown, values, ran, why = eval(ctx, s.on, subst(s.type, host), wait)
  if shown == nil and values == nil then
    tally(ctx, false, "no answer from " .. s.on .. " in " .. wait .. " ms")
    return false                      -- its shell is stuck: stop here
  end
  if shown then print(shown) end
  if s.check then tally(ctx, judge(s, shown, values, ran, host, why)) end
  if s.output then
    local text = subst(s.output, host)
    local ok = wait_line(s.on, text, wait) ~= nil
    tally(ctx, ok, "nothing printed on " .. s.on .. " containing " .. text,
      s.on .. " printed " .. text)
  end
  return true
end

-- A hidden node of our own for the runner, before peer.start would make a
-- visible one: the peers' node.list() then shows only each other, as the
-- learner's two terminals do, and no mesh goes through us.
-- tls: the folder of the certificate's cert.pem and key.pem, or nil.
local function start_runner(tls)
  if node.alive() then return end
  local name = "drill" .. math.random(100000, 999999)
  local ok, why = node.start(name, { hidden = true,
    tls_certfile = tls and tls .. "/cert.pem", tls_keyfile = tls and tls .. "/key.pem" })
  if not ok then fail("cannot make this node distributed: " .. tostring(why)) end
end

-- A folder with a fresh certificate in it (cert.pem, key.pem), for a tls
-- drill: its nodes are peers of the runner, which hands them its own.
local function make_certificate()
  local dir = os.tmpname()
  os.remove(dir)
  local ok = os.execute("mkdir -m 700 " .. dir .. " && cd " .. dir .. " && "
    .. CERT_COMMAND .. " >/dev/null 2>&1")
  if not ok then
    os.execute("rm -rf " .. dir)
    error("this drill's nodes use TLS, and the openssl command could not make "
      .. "their certificate (is it installed? Debian: apt-get install openssl)", 0)
  end
  return dir
end

local function start_peers(ctx, d)
  local peer = require("repl.peer")
  for _, name in ipairs(d.names) do
    local n = d.specs[name]
    -- a node with a cookie of its own: ours for it, so that we reach it
    if n.cookie then node.set_cookie(name .. "@" .. host_of(node.self()), n.cookie) end
    local h, why = peer.start { name = name, cookie = n.cookie, hidden = n.hidden,
                                ticktime = n.ticktime }
    if not h then error("cannot start node " .. name .. ": " .. tostring(why), 0) end
    ctx.peers[name] = h
    ctx.host = ctx.host or host_of(h.node)
    ctx.ios[name] = io_server(name, self())
    start_shell(ctx, name)
  end
end

local function stop_peers(ctx)
  local peer = package.loaded["repl.peer"]
  if not peer then return end
  for _, name in ipairs(ctx.order) do
    local h = ctx.peers[name]
    if h then pcall(peer.stop, h); ctx.peers[name] = nil end
  end
end

local function self_run(d)
  local ctx = { peers = {}, shells = {}, ios = {}, watch = {}, mons = {},
                order = d.names, checks = 0, passed = 0 }
  -- for act functions: a node ends as when a learner quits its terminal
  -- (stop) or its machine dies (kill)
  local function ending(how)
    return function(name)
      local h = ctx.peers[name]
      if not h then error("act: " .. tostring(name) .. " is not a running node of this drill", 2) end
      forget_shell(ctx, name)
      require("repl.peer")[how](h)
      ctx.peers[name] = nil
    end
  end
  ctx.stop, ctx.kill = ending("stop"), ending("kill")
  print("== " .. d.title)
  if d.seed then print("   (from " .. d.seed .. ")") end
  local ok, err = pcall(function()
    if d.tls then ctx.certs = make_certificate() end
    start_runner(ctx.certs)
    start_peers(ctx, d)
    print("   started " .. table.concat(d.names, ", ") .. " on host " .. ctx.host)
    for i, s in ipairs(d.steps) do
      if not run_step(ctx, i, s) then break end
    end
  end)
  stop_peers(ctx)
  if ctx.certs then os.execute("rm -rf " .. ctx.certs) end
  print("")
  if not ok then
    print("== drill FAILED: " .. tostring(err))
    return 1
  end
  if ctx.passed == ctx.checks then
    print("== drill passed: " .. ctx.passed .. " of " .. ctx.checks .. " checks")
    return 0
  end
  print("== drill FAILED: " .. ctx.passed .. " of " .. ctx.checks .. " checks passed")
  return 1
end

-- ---- the entry point ----

-- Was -i given on the command line (arg's negative indices)?
local function interactive()
  for i = -1, -100, -1 do
    if arg[i] == nil then break end
    if arg[i] == "-i" then return true end
  end
  return false
end

local function usage(d)
  local script = arg and arg[0] or "script.lua"
  return table.concat({
    "usage: repl " .. script .. "                 run the drill by itself (starts its nodes)",
    "       repl " .. script .. " --guide [NODE]  print what to type in terminal NODE",
    "       repl --sname NODE -i " .. script .. "  the guide, then the shell of NODE",
    "NODE is one of: " .. table.concat(d.names, ", ") }, "\n")
end

local function print_guide(d, me, host)
  print(table.concat(M.guide_lines(d, me, host), "\n"))
end

-- drill.run(d): the mode comes from the command line and the node we are.
function M.run(d)
  validate(d)
  local args = arg or {}
  if args[1] == "--help" then print(usage(d)); return end
  if args[1] == "--guide" then
    local me = args[2]
    if me and not d.specs[me] then
      io.stderr:write("drill: " .. me .. " is not one of this drill's nodes ("
        .. table.concat(d.names, ", ") .. ")\n")
      halt(2)
    end
    local host = node.alive() and host_of(node.self()) or short_host()
    print_guide(d, me, host)
    return
  end
  if args[1] ~= nil then
    io.stderr:write("drill: unknown argument '" .. tostring(args[1]) .. "'\n" .. usage(d) .. "\n")
    halt(2)
  end
  if node.alive() then
    local me = node.self():match("^([^@]+)@")
    for _, n in ipairs(d.names) do
      if n == me then
        print_guide(d, me, host_of(node.self()))
        if not interactive() then
          print("(start it with -i to get the shell after the guide: "
            .. command_line(d, d.specs[me]) .. " -i " .. (arg[0] or "script.lua") .. ")")
          halt(0)
        end
        return
      end
    end
  end
  halt(self_run(d))
end

return M

-- repl.check: the kata grader behind repl --check, --hint and --watch.
-- katas/README.md documents the check-file format for authors.
--
--   repl --check FILE          grade one kata here, every check in detail
--   repl --check [FILE|DIR...] grade several; a folder (./katas by default)
--                              gives one line per kata, a progress bar,
--                              "N of M done" and the next kata to do
--   repl --hint FILE [STEP]    the kata's hints, without grading: a
--                              nudge each, then more at STEP 2, 3...
--   repl --watch FILE          grade, then again each time FILE is saved
--
-- One kata is graded in this node; several are graded each in a child
-- (this binary again, through _check.run), so that no kata sees another's
-- globals, processes or peer nodes. Each check runs in a process of its
-- own, under a timeout, so a learner's endless loop or a receive that
-- nothing answers fails that check and never hangs the grader.
local printer = require "repl.printer"

local M = {}
local A, T = atom, tuple
local EXITED, CHANGED = A["$check_exit"], A["$check_changed"]
local CHECK_TIMEOUT = 1000   -- ms for one check, unless the check file says
local LOAD_TIMEOUT = 1000    -- ms for the learner's file to load
local real_halt = halt       -- the learner's halt() is refused (see load_kata)

-- ---- output ----

local function paint(code, s)
  if printer.defaults.color then return "\27[" .. code .. "m" .. s .. "\27[0m" end
  return s
end
local function green(s) return paint("32", s) end
local function red(s) return paint("31", s) end
local function dim(s) return paint("2", s) end
local function bold(s) return paint("1", s) end

-- A value as a check shows it: strings as they are (authors write
-- sentences), anything else as the shell prints it.
local function show(v)
  if type(v) == "string" then return v end
  return printer.repr(v, {color = false, width = 1e9})
end

local function say(...) print(table.concat({...})) end

-- ---- files ----

local function basename(p) return p:match("([^/]*)$") end
local function dirname(p) return p:match("^(.*)/[^/]*$") or "." end
local function stem(p) return (basename(p):gsub("%.lua$", "")) end

-- The check file of a kata: checks/NAME.lua beside it, or katas/checks/
-- NAME.lua in a folder above it or here (so tests/katas/NAME.lua, a
-- reference solution, is graded by katas/checks/NAME.lua). NAME is the
-- file's name up to its first dot: 10_remote_work.mine.lua, a learner's
-- second try, is graded as 10_remote_work.lua.
local function checks_path(file)
  local name = basename(file):match("^[^.]*") .. ".lua"
  local tried = {}
  local function try(p)
    tried[#tried + 1] = p
    return _check.stat(p) == "file" and p or nil
  end
  local found = try(dirname(file) .. "/checks/" .. name)
  local d = _check.realpath(dirname(file))
  while not found and d and d ~= "" do
    found = try(d .. "/katas/checks/" .. name)
    d = d:match("^(.*)/[^/]*$")
  end
  found = found or try("katas/checks/" .. name)
  -- absolute: the checks run in a working folder of their own
  if found then return _check.realpath(found) or found end
  return nil, "no checks for " .. file .. ": looked for " .. tried[1]
    .. " and katas/checks/" .. name .. " in the folders above"
end

-- A hint is a sentence, or a list of them in steps: a nudge first, then
-- more, the last nearly the answer. steps(h) is that list.
local function steps(h)
  if h == nil then return {} end
  if type(h) == "string" then return {h} end
  return h
end

local function valid_hint(h)
  if h == nil or type(h) == "string" then return true end
  if type(h) ~= "table" or #h == 0 then return false end
  for _, step in ipairs(h) do if type(step) ~= "string" then return false end end
  return true
end

-- Loads and validates a check file (format: katas/README.md).
local function load_checks(path)
  local f, err = loadfile(path, "t")
  if not f then return nil, err end
  local ok, spec = pcall(f)
  if not ok then return nil, path .. ": " .. show(spec) end
  if type(spec) ~= "table" or type(spec.checks) ~= "table" or #spec.checks == 0 then
    return nil, path .. " must return a table with a list of checks: "
      .. "return {title = ..., checks = {{name = ..., hint = ..., run = function(k) ... end}}}"
  end
  for i, c in ipairs(spec.checks) do
    if type(c) ~= "table" or type(c.name) ~= "string" or type(c.run) ~= "function" then
      return nil, ("%s: check %d needs a name (a string) and run (a function)"):format(path, i)
    end
    if not valid_hint(c.hint) then
      return nil, ("%s: check %d's hint is a string or a list of strings (steps)"):format(path, i)
    end
  end
  if not valid_hint(spec.hint) then
    return nil, path .. ": hint is a string or a list of strings (steps)"
  end
  return spec
end

-- The *.lua files of a folder, sorted (its checks/ folder is not a kata).
local function kata_files(dir)
  local names, err = _check.list(dir)
  if not names then return nil, err end
  local files = {}
  for _, n in ipairs(names) do
    local p = dir .. "/" .. n
    if n:match("%.lua$") and _check.stat(p) == "file" then files[#files + 1] = p end
  end
  table.sort(files)
  return files
end

-- ---- processes under a timeout ----

local function error_text(e)
  if type(e) == "string" then return e end
  return printer.repr(e, {color = false, width = 1e9})
end

-- Runs fn(...) in a process of its own. Returns true and a table of its
-- results (with n), or false and why: its error, its exit, or the timeout
-- (then the process is killed; kill cannot be trapped).
local function guarded(ms, fn, ...)
  local parent, ref = self(), make_ref()
  local pid, mref = spawn_monitor(function(...)
    send(parent, T(ref, table.pack(xpcall(fn, error_text, ...))))
  end, ...)
  local m = receive(function(m)
    return typeof(m) == "tuple" and (m[1] == ref or (m[1] == A.DOWN and m[2] == mref))
  end, ms)
  demonitor(mref, true)
  if m == nil then
    exit(pid, "kill")
    return false, ("no answer within %d ms (a loop that never ends, or a receive "
      .. "that nothing answers?)"):format(ms)
  end
  if m[1] == A.DOWN then return false, "the process exited: " .. error_text(m[5]) end
  local r = m[2]
  if not r[1] then return false, r[2] end
  return true, table.pack(table.unpack(r, 2, r.n))
end

-- ---- the learner's file ----

-- Loads the kata into this node's globals (so that functions it sends to
-- other nodes carry the globals marker, as any script's do). halt and q
-- are refused meanwhile: a kata must not stop the grader.
local function load_kata(file)
  local chunk, err = loadfile(file, "t")
  if not chunk then return false, err end
  local function refuse() error("a kata does not call halt() or q(): it would stop the grader", 2) end
  halt, q = refuse, refuse
  local ok, why = guarded(LOAD_TIMEOUT, chunk)
  if not ok then return false, why end
  return true
end

-- ---- the cluster ----

local PEER_OPTIONS = {cookie = true, hidden = true, ticktime = true,
                      connect = true, args = true, longnames = true}

-- The options of peer i: the cluster's, then the peer's own; it works in
-- the folder dir.
local function peer_options(cluster, i, me, dir)
  local o = {output = false, dir = dir}
  for k, v in pairs(cluster) do if PEER_OPTIONS[k] then o[k] = v end end
  local own = type(cluster.peers) == "table" and cluster.peers[i] or {}
  for k, v in pairs(own) do if PEER_OPTIONS[k] then o[k] = v end end
  o.name = me .. "_" .. (own.name or ("p" .. i))
  return o
end

local function stop_cluster(peers)
  for i = #peers, 1, -1 do pcall(peer.stop, peers[i]) end
end

-- How many peers the check file asks for (cluster.peers: a number, or a
-- list of option tables).
local function peer_count(spec)
  local want = (spec.cluster or {}).peers or 0
  return type(want) == "table" and #want or want
end

-- Starts the peers, peer i in dirs[i], naming this node first if it has no
-- name.
local function start_cluster(spec, dirs)
  local cluster = spec.cluster or {}
  local count = peer_count(spec)
  if count == 0 then return {} end
  if type(peer) ~= "table" then
    local ok, m = pcall(require, "repl.peer")
    if not ok then return nil, "this build has no peer module; the kata needs " .. count .. " peer node(s)" end
    peer = m
  end
  if not node.alive() then
    local ok, why = node.start("kata_" .. _peer.getpid())
    if not ok then return nil, "cannot make this node distributed: " .. show(why) end
  end
  local me, peers = node.self():match("^[^@]+"), {}
  for i = 1, count do
    local ok, h, why = pcall(peer.start, peer_options(cluster, i, me, dirs[i]))
    if not ok or not h then
      stop_cluster(peers)
      return nil, "cannot start peer node " .. i .. ": " .. show(ok and why or h)
    end
    peers[i] = h
  end
  return peers
end

-- ---- working folders ----

-- Every node of a kata's cluster works in a fresh, empty folder of its
-- own (this one too, while its checks run), as nodes on separate machines
-- would: data that a solution writes on the wrong node lands in the wrong
-- folder, where a check sees it. dirs[0] is ours, dirs[i] peer i's; all
-- are under dirs.root, removed after grading.
local function make_folders(count)
  local base = (os.getenv("TMPDIR") or "/tmp"):gsub("/+$", "")
  local root, err = _check.mkdtemp(base .. "/repl-kata-")
  if not root then return nil, err end
  local dirs = {root = root}
  for i = 0, count do
    local d, why = _check.mkdtemp(root .. "/" .. (i == 0 and "grader" or "p" .. i) .. "-")
    if not d then _check.rmtree(root); return nil, why end
    dirs[i] = d
  end
  return dirs
end

-- ---- what a check gets: k ----

-- Runs the learner's global function fname on another node, loading the
-- kata file there first (peers share our filesystem). Only globals are
-- used here: this function travels to the peer as bytecode.
local function run_there(parent, ref, path, fname, ...)
  if _kata_loaded ~= path then
    local chunk, err = loadfile(path, "t")
    if not chunk then return send(parent, tuple(ref, false, err)) end
    local ok, e = pcall(chunk)
    if not ok then return send(parent, tuple(ref, false, tostring(e))) end
    _kata_loaded = path
  end
  local fn = _G[fname]
  if type(fn) ~= "function" then
    return send(parent, tuple(ref, false, fname .. " is not defined on " .. node.self()))
  end
  send(parent, tuple(ref, pcall(fn, ...)))
end

local function context(path, peers, dirs)
  local k = {peers = peers, file = path, show = show}
  -- k.node(i): the node name of peer i
  function k.node(i) return peers[i].node end
  -- k.dir(i): the working folder of peer i; k.dir() or k.dir(0), this
  -- node's
  function k.dir(i) return dirs[i or 0] end
  -- k.on(n, "fname", ...): the learner's fname(...) run on node n; its
  -- results, or an error saying what went wrong there
  function k.on(n, fname, ...)
    local ref = make_ref()
    local pid, why = node.spawn(n, run_there, self(), ref, path, fname, ...)
    if not pid then error("cannot run " .. fname .. " on " .. tostring(n) .. ": " .. show(why), 0) end
    local mref = monitor(pid)
    local m = receive(function(m)
      return typeof(m) == "tuple" and (m[1] == ref or (m[1] == A.DOWN and m[2] == mref))
    end)
    demonitor(mref, true)
    if m[1] == A.DOWN then error(fname .. " on " .. n .. " exited: " .. error_text(m[5]), 0) end
    if not m[2] then error(fname .. " on " .. n .. ": " .. error_text(m[3]), 0) end
    return select(3, untuple(m))
  end
  -- k.same(got, want): pass when both print the same; else false, want, got
  function k.same(got, want)
    if show(got) == show(want) and type(got) == type(want) then return true end
    return false, printer.repr(want, {color = false, width = 1e9}),
                  printer.repr(got, {color = false, width = 1e9})
  end
  -- k.call("fname", ...): the learner's global function, called here; a
  -- clear error when the kata does not define it
  function k.call(fname, ...)
    local fn = _G[fname]
    if type(fn) ~= "function" then
      error(fname .. " is not defined: the kata must define the global function " .. fname, 0)
    end
    return fn(...)
  end
  return k
end

-- ---- grading one kata ----

-- A check's line, and for a failure what was expected, what came and the
-- hint's first step (the nudge; repl --hint FILE 2 gives more).
local function report(c, ok, expected, got, brief, file)
  if ok then
    if not brief then say("  ", green("PASS"), "  ", c.name) end
    return
  end
  if brief then return end
  say("  ", red("FAIL"), "  ", c.name)
  if expected ~= nil then say("        expected: ", show(expected)) end
  say("        got:      ", show(got))
  local h = steps(c.hint)
  if h[1] then
    local more = #h > 1 and file and ("  (more: repl --hint " .. file .. " 2)") or ""
    say("        ", dim("hint:     " .. h[1] .. more))
  end
end

-- Runs one check; returns ok, expected, got.
local function run_check(spec, c, k)
  local ms = c.timeout or spec.timeout or CHECK_TIMEOUT
  local ok, r = guarded(ms, c.run, k)
  if not ok then return false, c.expected, "error: " .. r end
  if r[1] then return true end
  local expected, got = r[2], r[3]
  if r.n < 3 and got == nil then got = "(the check says only: failed)" end
  return false, expected == nil and c.expected or expected, got
end

-- The checks of a kata file, or nil and why.
local function kata_spec(file)
  local cpath, err = checks_path(file)
  if not cpath then return nil, err end
  return load_checks(cpath)
end

local function grade(file, brief)
  local spec, err = kata_spec(file)
  if not spec then say(red("error: "), err); return 2 end
  local title = stem(file) .. (spec.title and (": " .. spec.title) or "")
  if not brief then say(bold(title), "  ", dim("(" .. file .. ")")) end
  local total, passed = #spec.checks, 0
  local path = _check.realpath(file) or file
  local home = _check.cwd()
  local dirs, why = make_folders(peer_count(spec))
  local peers, loaded, lerr = nil, true, nil
  if dirs then peers, why = start_cluster(spec, dirs) end
  if peers then
    _check.chdir(dirs[0])
    loaded, lerr = load_kata(path)
  end
  if not peers or not loaded then
    local name = peers and "the kata file loads" or "the cluster starts"
    report({name = name, hint = peers and "fix what the message points at (file:line), save, check again" or nil},
           false, nil, peers and lerr or why, brief)
  else
    local k = context(path, peers, dirs)
    for _, c in ipairs(spec.checks) do
      local ok, expected, got = run_check(spec, c, k)
      if ok then passed = passed + 1 end
      report(c, ok, expected, got, brief, file)
    end
  end
  if peers then stop_cluster(peers) end
  if home then _check.chdir(home) end
  if dirs then _check.rmtree(dirs.root) end
  local line = ("%d of %d checks passed"):format(passed, total)
  if not loaded then line = line .. " (the kata did not load)" end
  if brief then
    say(passed == total and green("PASS") or red("FAIL"), "  ", title, dim("  " .. line))
  elseif passed == total then say(green(line .. ": kata done"))
  else say(red(line)) end
  return passed == total and 0 or 1
end

-- ---- several katas ----

-- The command line a child gets: our flags before --check (an epmd port,
-- --no-color), then args.
local function child_args(args)
  local lo = 0
  while arg[lo - 1] ~= nil do lo = lo - 1 end
  local out = {}
  for i = lo + 1, 0 do out[#out + 1] = arg[i] end
  if not printer.defaults.color then out[#out + 1] = "--no-color" end
  for _, a in ipairs(args) do out[#out + 1] = a end
  return out
end

-- Runs this binary with args; waits for it and returns its exit status.
local function run_child(args)
  local os_pid, err = _check.run(child_args(args), self())
  if not os_pid then say(red("error: "), err); return 2 end
  local m = receive(function(m) return typeof(m) == "tuple" and m[1] == EXITED and m[2] == os_pid end)
  return m[3]
end

local function progress(done, total, next_file)
  local width = 20
  local full = total > 0 and math.floor(width * done / total) or width
  say("[", green(("#"):rep(full)), ("-"):rep(width - full), "] ",
      bold(("%d of %d done"):format(done, total)))
  if next_file then say("next: ", stem(next_file), "  ", dim("(repl --check " .. next_file .. ")"))
  else say(green("all katas done")) end
end

local function grade_many(files, brief)
  local done, next_file = 0, nil
  for _, f in ipairs(files) do
    local args = brief and {"--check", "--brief", f} or {"--check", f}
    if run_child(args) == 0 then done = done + 1
    else next_file = next_file or f end
  end
  progress(done, #files, next_file)
  return done == #files and 0 or 1
end

-- ---- --hint, --watch ----

-- The hints of a kata up to step upto: step 1 is a nudge for each check,
-- each later step says more. Ends by saying how to get the next step.
local function hint(file, upto)
  local spec, err = kata_spec(file)
  if not spec then say(red("error: "), err); return 2 end
  say(bold(stem(file) .. (spec.title and (": " .. spec.title) or "")))
  local more = false
  local function show_steps(h, indent)
    h = steps(h)
    for s = 1, math.min(upto, #h) do
      say(indent, dim(s == 1 and "hint: " or ("step " .. s .. ": ")), h[s])
    end
    if #h > upto then more = true end
  end
  show_steps(spec.hint, "")
  for i, c in ipairs(spec.checks) do
    say(i, ". ", c.name)
    show_steps(c.hint, "   ")
  end
  if more then say(dim(("more: repl --hint %s %d"):format(file, upto + 1))) end
  return 0
end

-- Grades file in a child each time it is saved. A save is often several
-- events (write, rename): the burst is let to end before the run.
local function watch(file)
  if _check.stat(file) ~= "file" then say(red("error: "), "no kata file ", file); return 2 end
  local ok, err = _check.watch(file, self())
  if not ok then say(red("error: "), err); return 2 end
  local function changed(m) return typeof(m) == "tuple" and m[1] == CHANGED end
  while true do
    run_child({"--check", file})
    say(dim("watching " .. file .. ": save it to check again, Ctrl-C to stop"))
    receive(changed)
    while receive(changed, 100) do end
  end
end

-- ---- the command line ----

local USAGE = "usage: repl --check [FILE|DIR...] | repl --hint FILE [STEP] | repl --watch FILE"

local function parse(argv)
  local o = {mode = argv[1], files = {}}
  for i = 2, #argv do
    local a = argv[i]
    if a == "--no-color" then printer.defaults.color = false
    elseif a == "--brief" then o.brief = true
    elseif a:sub(1, 2) == "--" then return nil, "unknown option '" .. a .. "' for " .. o.mode
    elseif o.mode == "--hint" and #o.files == 1 and a:match("^%d+$") then o.step = tonumber(a)
    else o.files[#o.files + 1] = a end
  end
  if o.step == 0 then return nil, "hint steps count from 1" end
  if o.mode ~= "--check" and #o.files ~= 1 then
    return nil, o.mode .. " takes one kata file, as in repl " .. o.mode .. " katas/01_connecting_nodes.lua"
  end
  return o
end

-- What to grade: the files named, the katas of the folders named, or
-- ./katas. many: one line per kata and a progress bar (a folder, or
-- nothing, was named).
local function targets(names)
  local many = #names == 0
  if many then names = {"katas"} end
  local files = {}
  for _, n in ipairs(names) do
    local kind = _check.stat(n)
    if kind == "dir" then
      many = true
      for _, f in ipairs(kata_files(n) or {}) do files[#files + 1] = f end
    elseif kind == "file" then files[#files + 1] = n
    elseif #names == 1 and n == "katas" then
      return nil, "no katas folder here: run repl --check in the folder that holds katas/, or name kata files"
    else return nil, "no such kata file or folder: " .. n end
  end
  if #files == 0 then return nil, "no kata files (*.lua) in " .. table.concat(names, ", ") end
  return files, many
end

local function run(argv)
  local o, err = parse(argv)
  if not o then say("repl: ", err, "; ", USAGE); return 2 end
  if o.mode == "--hint" then return hint(o.files[1], o.step or 1) end
  if o.mode == "--watch" then return watch(o.files[1]) end
  local files, many = targets(o.files)
  if not files then say("repl: ", many); return 2 end
  if #files == 1 and not many then return grade(files[1], o.brief) end
  return grade_many(files, many)
end

function M.main(argv)
  local ok, status = xpcall(run, debug.traceback, argv)
  if not ok then say("repl: the grader failed: ", tostring(status)); status = 2 end
  real_halt(status)
end

return M

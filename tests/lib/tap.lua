-- tests/lib/tap.lua: a small TAP producer for behaviour tests run by repl.
-- local t = dofile("tests/lib/tap.lua"); t.ok(v, name); t.is(got, want, name);
-- t.done() prints the plan. prove reads the output.
--
-- Loading it also starts a watchdog process: if the test script does not
-- reach t.done() within T.TIMEOUT ms (REPL_TEST_TIMEOUT, default 60000), or
-- the script process ends first (a crash), it prints "Bail out!" and halts
-- the node with status 1, so that a hung or crashed test never hangs prove.
-- t.done() halts the node too, so stray processes (busy loops) cannot keep
-- it running. The watchdog is one extra process (T.watchdog is its pid); tests that count
-- processes should allow for it.
local printer = require "repl.printer"
local T = {n = 0, failed = 0}

local function show(v) return printer.repr(v, {color = false}) end
T.show = show

function T.ok(v, name)
  T.n = T.n + 1
  if v then print(("ok %d - %s"):format(T.n, name))
  else
    T.failed = T.failed + 1
    print(("not ok %d - %s"):format(T.n, name))
  end
  return v
end

-- Compares with == (tuples compare by value) or, for tables and tuples
-- (whose tables compare by identity), by their repr.
local deep = {table = true, tuple = true}
function T.is(got, want, name)
  local same = got == want
  if not same and deep[typeof(got)] and typeof(got) == typeof(want) then
    same = show(got) == show(want)
  end
  if not T.ok(same, name) then
    print("#   got:  " .. show(got))
    print("#   want: " .. show(want))
  end
  return same
end

-- Like is, but for a string that must contain 'pattern' (plain find).
function T.has(got, pattern, name)
  local good = type(got) == "string" and got:find(pattern, 1, true) ~= nil
  if not T.ok(good, name) then
    local g = show(got)
    if #g > 400 then g = g:sub(1, 400) .. "..." end
    print("#   got:  " .. g)
    print("#   want a string containing: " .. show(pattern))
  end
  return good
end

-- Runs f and expects an error whose message contains 'pattern' (plain).
function T.raises(f, pattern, name)
  local ok, err = pcall(f)
  local msg = tostring(err)
  local good = not ok and msg:find(pattern, 1, true) ~= nil
  if not T.ok(good, name) then
    print("#   " .. (ok and "no error raised" or "error was: " .. msg))
  end
  return good
end

-- Runs f and expects it not to raise.
function T.lives(f, name)
  local ok, err = pcall(f)
  if not T.ok(ok, name) then print("#   error was: " .. tostring(err)) end
  return ok
end

function T.diag(s) print("# " .. s) end

-- The binary under test and a way to run a child node and read its output
-- (stdout and stderr), with its exit status (124: killed after 'secs',
-- default 20). It blocks the whole node while the child runs.
T.REPL = os.getenv("REPL") or (os.getenv("REPL_BUILD") or "build") .. "/repl"
function T.run_child(code, secs)
  local quoted = "'" .. code:gsub("'", "'\\''") .. "'"
  local f = io.popen(("timeout %d %s -e %s 2>&1; echo \"exit=$?\""):format(
    secs or 20, T.REPL, quoted))
  local out = f:read("a")
  f:close()
  local status = tonumber(out:match("exit=(%d+)%s*$"))
  return out:gsub("exit=%d+%s*$", ""), status
end

function T.done()
  print("1.." .. T.n)
  halt(T.failed > 0 and 1 or 0)
end

T.TIMEOUT = tonumber(os.getenv("REPL_TEST_TIMEOUT") or "") or 60000
do
  -- It polls is_alive rather than monitoring, so that the script process's
  -- process_info (links, monitors, monitored_by) shows only what tests make.
  local main = self()
  T.watchdog = spawn(function()
    local waited = 0
    while waited < T.TIMEOUT do
      receive(atom.tap_watchdog_never, 50)
      waited = waited + 50
      if not is_alive(main) then
        print("Bail out! the test script ended before t.done() (see the crash report above)")
        halt(1)
      end
    end
    print(("Bail out! the test script did not finish in %d ms"):format(T.TIMEOUT))
    halt(1)
  end)
end

return T

-- tests/lib/tap.lua: a small TAP producer for behaviour tests run by repl.
-- local t = dofile("tests/lib/tap.lua"); t.ok(v, name); t.is(got, want, name);
-- t.done() prints the plan. prove reads the output.
local printer = require "repl.printer"
local T = {n = 0, failed = 0}

local function show(v) return printer.repr(v, {color = false}) end

function T.ok(v, name)
  T.n = T.n + 1
  if v then print(("ok %d - %s"):format(T.n, name))
  else
    T.failed = T.failed + 1
    print(("not ok %d - %s"):format(T.n, name))
  end
  return v
end

-- Compares with == (tuples compare by value) or, for tables, by their repr.
function T.is(got, want, name)
  local same = got == want
  if not same and type(got) == "table" and type(want) == "table" then
    same = show(got) == show(want)
  end
  if not T.ok(same, name) then
    print("#   got:  " .. show(got))
    print("#   want: " .. show(want))
  end
  return same
end

-- Runs f and expects an error whose message contains 'pattern' (plain).
function T.raises(f, pattern, name)
  local ok, err = pcall(f)
  local msg = tostring(err)
  local good = not ok and msg:find(pattern, 1, true) ~= nil
  if not T.ok(good, name) then
    print("#   " .. (ok and "no error raised" or "error was: " .. msg))
  end
end

function T.diag(s) print("# " .. s) end

function T.done()
  print("1.." .. T.n)
  if T.failed > 0 then halt(1) end
end

return T

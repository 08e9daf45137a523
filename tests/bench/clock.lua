-- tests/bench/clock.lua: a wall clock for the benchmark scripts. The repl
-- exposes no millisecond clock (os.time has whole seconds, os.clock is CPU
-- time), so we ask date(1) for nanoseconds. One fork costs about a
-- millisecond; it happens twice per measurement, outside the timed loop's
-- work, and each run lasts about a second, so it is a small error that we
-- leave in (it makes our numbers slightly worse, never better).
local M = {}

function M.now_ns()
  local f = assert(io.popen("date +%s%N"))
  local t = f:read("n")
  f:close()
  return t
end

-- VmRSS of this process in bytes, from /proc/self/status.
function M.rss()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  for line in f:lines() do
    local kb = line:match("^VmRSS:%s+(%d+)")
    if kb then f:close(); return tonumber(kb) * 1024 end
  end
  f:close()
end

-- Prints one result line the runner reads: "name value".
function M.report(name, value)
  io.write(string.format("%s %.6g\n", name, value))
  io.flush()
end

return M

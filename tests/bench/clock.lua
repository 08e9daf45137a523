-- tests/bench/clock.lua: a wall clock for the benchmark scripts. The repl
-- exposes no millisecond clock (os.time has whole seconds, os.clock is CPU
-- time), so we ask date(1) for nanoseconds. A fork and exec costs
-- milliseconds on a busy machine, and parts of two of them fall inside each
-- measurement: M.elapsed_ns subtracts that, measured after the timed work
-- as the median gap between two readings taken back to back.
local M = {}

function M.now_ns()
  local f = assert(io.popen("date +%s%N"))
  local t = f:read("n")
  f:close()
  return t
end

local overhead
local function calibrate()
  local d = {}
  for i = 1, 7 do
    local a = M.now_ns()
    d[i] = M.now_ns() - a
  end
  table.sort(d)
  return d[4]
end

-- The time from t0 (a now_ns reading) to now, less the clock's own cost.
function M.elapsed_ns(t0)
  local t1 = M.now_ns()
  overhead = overhead or calibrate()
  return math.max(t1 - t0 - overhead, 1)
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

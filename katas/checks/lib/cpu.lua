-- katas/checks/lib/cpu.lua: for checks that heavy work ran on the node
-- that should do it, not on the caller's. That node's CPU time (its own
-- os.clock(), read there through rpc) grows by about what the work costs
-- there; an answer computed here, after only asking the other node
-- something (its name, a ping), leaves it where it was. The work must be
-- heavy (milliseconds: summing a million numbers, copying a large
-- structure): an idle node spends a fraction of a millisecond meanwhile,
-- and CPU time, unlike the clock on the wall, does not grow with the load
-- of the machine. Load it with
--   local cpu = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/cpu.lua")
-- cpu.now(n)               n's CPU seconds so far
-- cpu.cost(n, f, ...)      the CPU seconds n spends running f(...) itself
--                          (f travels there: it uses only its arguments)
-- cpu.spent(nodes, g, ...) runs g(...) here; returns a table of the CPU
--                          seconds each node of the list spent meanwhile
--                          (by name), then g's results, packed
-- cpu.did(n, spent, cost, what)  true when spent is at least SHARE of
--                          cost; else false, expected, got (sentences)

local SHARE = 0.3   -- of the work's own cost: a loop written another way passes

local M = {}

function M.now(n)
  local t = rpc.call(n, os.clock, {}, 1000)
  if type(t) ~= "number" then error("could not read the CPU time of " .. n .. ": " .. tostring(t), 0) end
  return t
end

local function timed(f, ...)
  local t0 = os.clock()
  f(...)
  return os.clock() - t0
end

function M.cost(n, f, ...)
  local t = rpc.call(n, timed, {f, ...}, 2000)
  if type(t) ~= "number" then error("could not run the work on " .. n .. ": " .. tostring(t), 0) end
  return t
end

function M.spent(nodes, g, ...)
  local before = {}
  for _, n in ipairs(nodes) do before[n] = M.now(n) end
  local r = table.pack(g(...))
  local spent = {}
  for _, n in ipairs(nodes) do spent[n] = M.now(n) - before[n] end
  return spent, r
end

local function ms(s) return ("%.1f ms"):format(s * 1000) end

function M.did(n, spent, cost, what)
  if spent >= SHARE * cost then return true end
  return false, what .. " on " .. n .. ": its CPU time grows by about " .. ms(cost)
      .. " (at least " .. ms(SHARE * cost) .. ")",
    "it grew by " .. ms(spent) .. ": the work was not done there"
end

return M

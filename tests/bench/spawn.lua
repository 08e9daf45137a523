-- tests/bench/spawn.lua N [BATCH]: spawn N processes that each send one
-- message back and end, and wait for all N messages: the faithful
-- equivalent of bench_erl:spawns/2 (spawn(fun() -> Parent ! done end)).
-- BATCH 0 spawns all N before waiting (N processes and up to N messages
-- pile up at once: on the BEAM the parent's growing mailbox and heap make
-- the rate fall as N grows); BATCH b spawns b, waits for b, and so on,
-- which measures spawn and exit with a small working set.
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[1] or "200000"))
local B = math.tointeger(tonumber(arg[2] or "0"))
if B <= 0 or B > N then B = N end
local me = self()
local function child(parent) send(parent, true) end

local t0 = clock.now_ns()
local left = N
while left > 0 do
  local b = left < B and left or B
  for _ = 1, b do spawn(child, me) end
  for _ = 1, b do receive() end
  left = left - b
end
local dt = clock.elapsed_ns(t0)
clock.report("spawns_per_s", N / (dt / 1e9))
halt(0)

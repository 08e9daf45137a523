-- tests/bench/spawn.lua N: spawn N processes that each send one message
-- back and end, then wait for all N messages: the faithful equivalent of
-- bench_erl:spawns/1 (spawn(fun() -> Parent ! done end)).
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[1] or "200000"))
local me = self()
local function child(parent) send(parent, true) end

local t0 = clock.now_ns()
for _ = 1, N do spawn(child, me) end
for _ = 1, N do receive() end
local t1 = clock.now_ns()
clock.report("spawns_per_s", N / ((t1 - t0) / 1e9))
halt(0)

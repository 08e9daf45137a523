-- tests/bench/memory.lua N: memory per idle process. N processes each
-- blocked in receive() (as bench_erl:memory/1: receive _ -> ok end). The
-- main process holds no list of pids (in Erlang that list would count in
-- erlang:memory(processes)); the VM's own table of live processes keeps
-- them, and its cost is part of a process's.
-- Two figures: the Lua heap (collectgarbage"count", after full collects),
-- which holds everything the VM allocates for a process (pid userdata,
-- coroutine with its stack, tables) and compares to erlang:memory(processes);
-- and VmRSS, which also counts allocator slack and C-side memory.
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[1] or "100000"))

local function idle() receive() end

local function settle()
  collectgarbage("collect"); collectgarbage("collect")
end

settle()
local heap0, rss0 = collectgarbage("count") * 1024, clock.rss()
local last
for _ = 1, N do last = spawn(idle) end
-- Let every one of them run up to its receive: the run queue is FIFO, so
-- by the time this process is back from sleep they have all had a turn.
repeat sleep(1) until process_info(last).status == "waiting"
settle()
local heap1, rss1 = collectgarbage("count") * 1024, clock.rss()
clock.report("heap_bytes_per_proc", (heap1 - heap0) / N)
if rss0 and rss1 then clock.report("rss_bytes_per_proc", (rss1 - rss0) / N) end
clock.report("live", #processes())
halt(0)

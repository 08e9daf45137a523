-- tests/bench/dist.lua ROLE ...: the distribution benchmarks on two repl
-- nodes (tests/bench/run starts both, with a private epmd). The faithful
-- equivalent of bench_dist.erl, which does the same on two erl nodes.
--
--   dist.lua b            node B: registers "bench", which answers
--                         {hello, From} with {pids, Echo, Sink} and stops
--                         the node on stop. Echo returns every {From, I} to
--                         From; Sink takes {From, N}, then N messages, then
--                         sends done to From.
--   dist.lua a PEER RT_N OW_N
--                         node A (PEER: B's short name, on this host):
--                         connect_us  node.connect(B) to true, fresh nodes
--                         dist_rt_per_s  RT_N round trips {self(), I}
--                         dist_ow_per_s  OW_N integers one way, B replying
--                                        once when all arrived
--                         then tells B to stop, and halts.
-- Wall clock (clock.lua): the nodes wait on the network, not the CPU.
local lib = dofile(arg[0]:match("^(.*/)") .. "lib.lua")
local clock = lib.clock
local role = arg[1]
local A, T = atom, tuple

if role == "b" then
  local echo = spawn(function()
    while true do
      local m = receive()
      send(m[1], m)
    end
  end)
  local sink = spawn(function()
    while true do
      local m = receive()               -- {From, N}
      for _ = 1, m[2] do receive() end
      send(m[1], A.done)
    end
  end)
  lib.serve(function(m) send(m[2], T(A.pids, echo, sink)) end)  -- {hello, From}
  return
end

if role ~= "a" then lib.bad_args("usage: dist.lua b | dist.lua a PEER RT_N OW_N") end
local RT_N = lib.integer(arg[3] or "20000")
local OW_N = lib.integer(arg[4] or "200000")
if not arg[2] or not RT_N or not OW_N then
  lib.bad_args("dist.lua a: PEER, RT_N and OW_N must be a name and two integers")
end
local peer = lib.peer(arg[2])

lib.run("dist.lua a", {peer}, function()
  local me = self()

  -- 1. Connect and handshake.
  local t0 = clock.now_ns()
  lib.connect(peer)
  local dt = clock.elapsed_ns(t0)
  clock.report("connect_us", dt / 1e3)

  send(T("bench", peer), T(A.hello, me))
  local pids = receive(T(A.pids, ANY, ANY))
  local echo, sink = pids[2], pids[3]

  -- 2. Round trips: a few to warm up (atom caches, first allocations), then
  -- RT_N timed.
  for i = 1, 100 do send(echo, T(me, i)); receive() end
  t0 = clock.now_ns()
  for i = 1, RT_N do
    send(echo, T(me, i))
    receive()
  end
  dt = clock.elapsed_ns(t0)
  clock.report("dist_rt_per_s", RT_N / (dt / 1e9))

  -- 3. One way: OW_N small integers; B replies once when all arrived.
  t0 = clock.now_ns()
  send(sink, T(me, OW_N))
  for i = 1, OW_N do send(sink, i) end
  receive(A.done)
  dt = clock.elapsed_ns(t0)
  clock.report("dist_ow_per_s", OW_N / (dt / 1e9))
end)

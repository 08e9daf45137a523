-- tests/bench/rpc.lua ROLE ...: rpc calls per second between two repl
-- nodes (the faithful equivalent of bench_rpc.erl, which does the same on
-- two erl nodes). Like dist.lua, the runner starts B, waits until epmd
-- lists it, then runs A on the same private epmd:
--
--   rpc.lua b              node B: serves rpc (every named node does) and
--                          registers "bench", which stops the node on stop.
--   rpc.lua a PEER N       node A (PEER: B's short name, on this host):
--                          rpc_per_s  N calls rpc.call(B, "math", "abs",
--                                     {-i}) one after another, each
--                                     waited for (a trivial function, as
--                                     erlang:abs/1 on the BEAM)
--                          then tells B to stop, and halts.
-- By hand, with an epmd on port P (repl --epmd --epmd-port P &):
--   repl --epmd-port P --sname b tests/bench/rpc.lua b &
--   repl --epmd-port P --sname a tests/bench/rpc.lua a b 20000
local lib = dofile(arg[0]:match("^(.*/)") .. "lib.lua")
local clock = lib.clock
local role = arg[1]

if role == "b" then lib.serve(); return end
if role ~= "a" then lib.bad_args("usage: rpc.lua b | rpc.lua a PEER N") end
local N = lib.integer(arg[3] or "20000")
if not arg[2] or not N then
  lib.bad_args("rpc.lua a: PEER and N must be a name and an integer")
end
local peer = lib.peer(arg[2])

lib.run("rpc.lua a", {peer}, function()
  lib.connect(peer)
  -- a few to warm up (atom caches, first allocations), then N timed
  for i = 1, 100 do assert(rpc.call(peer, "math", "abs", {-i}) == i) end
  local t0 = clock.now_ns()
  for i = 1, N do
    local v, err = rpc.call(peer, "math", "abs", {-i})
    if v ~= i then error("rpc.call returned " .. tostring(v) .. ", " .. tostring(err), 0) end
  end
  local dt = clock.elapsed_ns(t0)
  clock.report("rpc_per_s", N / (dt / 1e9))
end)

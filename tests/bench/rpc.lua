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
local role = arg[1]
local A, T = atom, tuple

if role == "b" then
  register("bench", spawn(function()
    while true do
      if receive() == A.stop then halt(0) end
    end
  end))
  return
end

if role ~= "a" then
  io.stderr:write("usage: rpc.lua b | rpc.lua a PEER N\n")
  halt(2)
end
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[3] or "20000"))
if not arg[2] or not N then
  io.stderr:write("rpc.lua a: PEER and N must be a name and an integer\n")
  halt(2)
end
local peer = arg[2] .. "@" .. node.self():match("@(.*)$")

-- An error must end the node (a named node stays up after its script, and
-- the runner would wait): the body runs under pcall.
local function main()
  local ok, why = node.connect(peer)
  if not ok then error("cannot connect to " .. peer .. ": " .. tostring(why), 0) end
  -- a few to warm up (atom caches, first allocations), then N timed
  for i = 1, 100 do assert(rpc.call(peer, "math", "abs", {-i}) == i) end
  local t0 = clock.now_ns()
  for i = 1, N do
    local v, err = rpc.call(peer, "math", "abs", {-i})
    if v ~= i then error("rpc.call returned " .. tostring(v) .. ", " .. tostring(err), 0) end
  end
  local dt = clock.elapsed_ns(t0)
  clock.report("rpc_per_s", N / (dt / 1e9))
  send(T("bench", peer), A.stop)
  sleep(50)          -- let the stop leave before the connection goes
end

local ok, err = pcall(main)
if not ok then
  io.stderr:write("rpc.lua a: ", tostring(err), "\n")
  halt(1)
end
halt(0)

-- tests/bench/pg.lua ROLE ...: pg join/leave pairs per second on node A,
-- counted until node B sees the final state. The faithful equivalent of
-- bench_pg.erl, which does the same on two erl nodes.
--
--   pg.lua b              node B: registers "bench", which answers
--                         {hello, From} with ready, having set a pg.monitor
--                         on the group "bench_mark"; each join to that group
--                         it hears it answers with {seen, N}, N being the
--                         members of "bench" it sees then; stop halts.
--   pg.lua a PEER N       node A (PEER: B's short name, on this host): one
--                         process joins and leaves "bench" N times, then
--                         joins "bench_mark"; B's scope gets the changes in
--                         order, so its seen says all N pairs arrived.
--                         pg_pairs_per_s  N / (from the first join to seen)
--                         then tells B to stop, and halts.
-- By hand (a private epmd on port 4400):
--   repl --epmd --epmd-port 4400 &
--   repl --epmd-port 4400 --cookie bench --sname pgb tests/bench/pg.lua b &
--   repl --epmd-port 4400 --cookie bench --sname pga tests/bench/pg.lua a pgb 100000
local lib = dofile(arg[0]:match("^(.*/)") .. "lib.lua")
local clock = lib.clock
local role = arg[1]
local A, T = atom, tuple
pg.start()                   -- as bench_pg.erl's pg:start(pg), on both nodes

if role == "b" then
  local from, ref
  lib.serve(function(m)
    if typeof(m) ~= "tuple" then return end
    if m[1] == A.hello and not from then
      from, ref = m[2], pg.monitor("bench_mark")
      send(from, A.ready)
    elseif ref and m[1] == ref and m[2] == A.join then
      send(from, T(A.seen, #pg.get_members("bench")))
    end
  end)
  return
end

if role ~= "a" then lib.bad_args("usage: pg.lua b | pg.lua a PEER N") end
local N = lib.integer(arg[3] or "100000")
if not arg[2] or not N then
  lib.bad_args("pg.lua a: PEER and N must be a name and an integer")
end
local peer = lib.peer(arg[2])

local function seen()
  local m = receive(T(A.seen, ANY), 30000)
  if not m then error("B did not answer within 30 s", 0) end
  return m[2]
end

lib.run("pg.lua a", {peer}, function()
  lib.connect(peer)
  send(T("bench", peer), T(A.hello, self()))
  receive(A.ready)
  local p = self()

  -- Warm up: the scopes have met once B sees a join (by broadcast or sync).
  pg.join("bench_mark", p)
  seen()
  pg.leave("bench_mark", p)
  for _ = 1, 1000 do pg.join("bench", p); pg.leave("bench", p) end

  local t0 = clock.now_ns()
  for _ = 1, N do
    pg.join("bench", p)
    pg.leave("bench", p)
  end
  pg.join("bench_mark", p)
  local left = seen()
  local dt = clock.elapsed_ns(t0)
  if left ~= 0 then error("B saw " .. tostring(left) .. " members of bench at the end, not 0", 0) end
  clock.report("pg_pairs_per_s", N / (dt / 1e9))
end)

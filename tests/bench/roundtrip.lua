-- tests/bench/roundtrip.lua N: local round trips between two processes.
-- The faithful equivalent of bench_erl:roundtrip/2: the echo process gets
-- its partner's pid as a spawn argument (a closure in Erlang) and returns
-- every message it receives; the main process sends the integer i and
-- waits for it with a plain receive(). Integers on both sides, no tuple,
-- so neither side pays for building {self(), N} (the second argument
-- "tuple" selects that variant, bench_erl's roundtrip_tuple).
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[1] or "1000000"))
local variant = arg[2] or "int"

local echo = spawn(function(me)
  while true do send(me, receive()) end
end, self())

local t0, dt
if variant == "int" then
  t0 = clock.now_ns()
  for i = 1, N do
    send(echo, i)
    receive()
  end
  dt = clock.elapsed_ns(t0)
else
  -- {self(), n}: the message is a 2-tuple, as in most Erlang examples;
  -- the echo returns it unchanged.
  local me = self()
  t0 = clock.now_ns()
  for i = 1, N do
    send(echo, tuple(me, i))
    receive()
  end
  dt = clock.elapsed_ns(t0)
end
clock.report("roundtrips_per_s", N / (dt / 1e9))
halt(0)   -- the echo loops for ever, and a script's processes keep the node up

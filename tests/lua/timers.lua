-- timers.lua: sleep, send_after / cancel_timer and receive timeouts, timed
-- against each other (Lua has no wall clock in ms): a timer set for a
-- shorter time must have fired, one set for much longer must not have.
-- Also: timers keep a node alive until they fire (on a child node).
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

---------------------------------------------------------------- sleep
do
  send_after(40, me, A.t40)
  local late = send_after(5000, me, A.t5000)
  t.is(sleep(120), nil, "sleep returns nothing")
  t.is(receive(A.t40, 0), A.t40, "sleep(120) outlasts a 40 ms timer")
  t.is(receive(A.t5000, 0), nil, "and ends long before a 5000 ms one")
  cancel_timer(late)

  send(me, A.during)
  spawn(function(p) send(p, A.sent_while_sleeping) end, me)
  sleep(30)
  t.is(receive(0), A.during, "a message does not wake sleep early, and stays")
  t.is(receive(A.sent_while_sleeping, 1000), A.sent_while_sleeping, "as does one sent during the sleep")

  send_after(0, me, A.zero)
  sleep(0)
  t.is(receive(A.zero, 1000), A.zero, "sleep(0) and send_after(0) work")
end

do -- a sleeping process lets others run
  local p = spawn(function(parent) sleep(200); send(parent, A.woke) end, me)
  t.is(receive(A.woke, 50), nil, "a process in sleep(200) has not woken after 50 ms")
  t.is(process_info(p).status, "waiting", "its status is waiting")
  t.is(receive(A.woke, 2000), A.woke, "and wakes later")
end

---------------------------------------------------------------- send_after
do
  local ref = send_after(60, me, T(A.tick, 1))
  t.is(typeof(ref), "ref", "send_after returns a ref")
  t.is(receive(T(A.tick, ANY), 0), nil, "the message is not there at once")
  t.is(receive(T(A.tick, ANY), 2000), T(A.tick, 1), "it arrives after the delay")
  t.is(cancel_timer(ref), false, "cancel_timer of a fired timer returns false")

  local r2 = send_after(300, me, A.cancelled)
  local left = cancel_timer(r2)
  t.ok(math.type(left) == "integer" and left > 150 and left <= 300,
       "cancel_timer returns the ms left (" .. tostring(left) .. " of 300)")
  t.is(cancel_timer(r2), false, "cancelling twice: false")
  send_after(400, me, A.sync)
  t.is(receive(A.sync, 2000), A.sync, "(a later timer fires)")
  t.is(receive(A.cancelled, 0), nil, "a cancelled timer's message never comes")
  t.is(cancel_timer(make_ref()), false, "cancel_timer of an unknown ref: false")

  -- order: shorter delays first, whatever order they were set in
  send_after(90, me, T(A.ord, 3))
  send_after(30, me, T(A.ord, 1))
  send_after(60, me, T(A.ord, 2))
  local seq = {}
  for i = 1, 3 do
    local m = receive(T(A.ord, ANY), 2000)
    seq[i] = m and m[2]
  end
  t.is(seq, {1, 2, 3}, "timers fire in the order of their delays")

  -- by name: resolved when the timer fires
  local p = spawn(function(parent) send(parent, T(A.named_got, receive(2000))) end, me)
  send_after(50, "timer_target", A.by_name)
  register("timer_target", p)
  t.is(receive(T(A.named_got, ANY), 2000), T(A.named_got, A.by_name),
       "send_after to a name registered after the call (resolved when it fires)")
  t.lives(function()
    send_after(10, "timer_nobody", A.x)
    send_after(10, spawn(function() end), A.x)
  end, "send_after to an unknown name or a dead pid does not raise")
  send_after(40, me, A.still_fine)
  t.is(receive(A.still_fine, 1000), A.still_fine, "and the node carries on when they fire")

  local other = spawn(function(parent)
    local r = receive(A.from_dead, 2000)
    send(parent, T(A.other_got, r))
  end, me)
  spawn(function(x) send_after(50, x, A.from_dead) end, other)  -- the setter exits at once
  t.is(receive(T(A.other_got, ANY), 3000), T(A.other_got, A.from_dead),
       "a timer outlives the process that set it")

  t.raises(function() send_after(-1, me, 1) end, "milliseconds", "send_after(-1) raises")
end

---------------------------------------------------------------- receive timeouts
do
  spawn(function(parent) sleep(250); send(parent, A.slow_reply) end, me)
  t.is(receive(A.slow_reply, 50), nil, "receive(50) gives up before a reply sent after sleep(250)")
  t.is(receive(A.slow_reply, 2000), A.slow_reply, "and a longer receive then gets it")

  -- a timed-out receive leaves no timer behind: the next receive waits its
  -- own time
  t.is(receive(A.none, 20), nil, "receive(20) times out")
  send_after(60, me, A.after60)
  t.is(receive(A.after60, 1000), A.after60, "the next receive is not cut short by the old timeout")

  -- a receive satisfied early leaves no timer that fires into a later one
  send(me, A.here)
  receive(A.here, 30)
  send_after(100, me, A.m100)
  t.is(receive(A.m100, 1000), A.m100, "an early-satisfied receive's timer does not end a later wait")
  sleep(50)
  send_after(80, me, A.m80)
  t.is(receive(A.m80, 1000), A.m80, "nor one after a sleep")
end

---------------------------------------------------------------- node lifetime
do
  local out, status = t.run_child([[
    local p = spawn(function() print("child got " .. tostring(receive())) end)
    send_after(150, p, "late")
  ]])
  t.has(out, "child got late", "a pending send_after keeps the node alive until it fires")
  t.is(status, 0, "and the node then exits 0")
  local out2 = t.run_child([[
    spawn(function() sleep(150); print("slept well") end)
  ]])
  t.has(out2, "slept well", "a sleeping process keeps the node alive")
  local out3 = t.run_child([[
    spawn(function() print("timed out: " .. tostring(receive(150))) end)
  ]])
  t.has(out3, "timed out: nil", "a receive with a timeout keeps the node alive")
  local out4, status4 = t.run_child([[
    local r = send_after(60000, self(), "never")
    cancel_timer(r)
    print("cancelled")
  ]])
  t.has(out4, "cancelled", "a cancelled timer ...")
  t.is(status4, 0, "... does not keep the node alive (this returned)")
end

t.done()

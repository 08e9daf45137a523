-- monitors.lua: monitors. tuple(:DOWN, ref, :process, pid, reason) for
-- normal, error, exit(reason) and killed exits; noproc for a dead pid or an
-- unknown name; demonitor stops the DOWN and, with flush, removes one
-- already delivered; spawn_monitor; monitors of registered names; several
-- monitors on one process each fire once; monitors are one-way.
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

-- A process that waits for a command: "return", "error", {exit = reason}.
local function target()
  local m = receive()
  if m == "error" then error("target failed", 0)
  elseif type(m) == "table" then exit(m.exit) end
end

local function down(ref, ms)
  return receive(T(A.DOWN, ref, ANY, ANY, ANY), ms or 2000)
end

-- Nothing more for ref in the mailbox, right now.
local function no_more(ref)
  return receive(T(A.DOWN, ref, ANY, ANY, ANY), 0) == nil
end

---------------------------------------------------------------- reasons
do
  local p = spawn(target)
  local ref = monitor(p)
  t.is(typeof(ref), "ref", "monitor returns a ref")
  send(p, "return")
  local m = down(ref)
  t.is(m, T(A.DOWN, ref, A.process, p, A.normal),
       "a normal exit: {:DOWN, ref, :process, pid, :normal}")
  t.ok(m and m[1] == A.DOWN and m[3] == A.process, "the tags are interned atoms")
  t.ok(no_more(ref), "one DOWN per monitor")

  p = spawn(target); ref = monitor(p)
  send(p, "error")
  t.is(down(ref), T(A.DOWN, ref, A.process, p, "target failed"),
       "an error exit: the error message is the reason")

  p = spawn(target); ref = monitor(p)
  send(p, {exit = "shutdown"})
  t.is(down(ref), T(A.DOWN, ref, A.process, p, A.shutdown), "exit(\"shutdown\"): :shutdown")

  p = spawn(target); ref = monitor(p)
  send(p, {exit = T(A.custom, 1)})
  t.is(down(ref), T(A.DOWN, ref, A.process, p, T(A.custom, 1)), "exit(any value): that value")

  p = spawn(target); ref = monitor(p)
  exit(p, "kill")
  t.is(down(ref), T(A.DOWN, ref, A.process, p, A.killed), "killed: :killed")

  p = spawn(function() trap_exit(true); receive() end); ref = monitor(p)
  exit(p, "kill")
  t.is(down(ref), T(A.DOWN, ref, A.process, p, A.killed), "killed while trapping exits: :killed")

  p = spawn(function() while true do end end); ref = monitor(p)
  exit(p, "kill")
  t.is(down(ref), T(A.DOWN, ref, A.process, p, A.killed), "a busy process killed: :killed")

  -- killed through a link
  local a = spawn(target)
  local b = spawn(function(x) link(x); receive() end, a)
  local rb = monitor(b)
  local ra = monitor(a)
  spawn(function(x) sleep(10); send(x, "error") end, a)
  t.is(down(ra), T(A.DOWN, ra, A.process, a, "target failed"), "the crashing one")
  t.is(down(rb), T(A.DOWN, rb, A.process, b, "target failed"),
       "a process killed through a link: DOWN carries the propagated reason")
end

---------------------------------------------------------------- noproc
do
  local p, r0 = spawn_monitor(function() end)
  down(r0)
  local ref = monitor(p)
  t.is(down(ref, 1000), T(A.DOWN, ref, A.process, p, A.noproc),
       "monitoring a dead pid: DOWN with :noproc")
  t.ok(no_more(ref), "only one")
  ref = monitor("nobody_has_this_name")
  local m = down(ref, 1000)
  t.is(m and m[5], A.noproc, "monitoring an unregistered name: DOWN with :noproc")
  t.is(m and m[4], T(A.nobody_has_this_name, node.self()),
       "... naming {name, node}, as Erlang does")
end

---------------------------------------------------------------- by name
do
  local p = spawn(target)
  register("watched_by_name", p)
  local ref = monitor("watched_by_name")
  local other = monitor(p)
  send(p, "return")
  t.is(down(ref), T(A.DOWN, ref, A.process, T(A.watched_by_name, node.self()), A.normal),
       "a monitor by registered name: DOWN names {name, node}")
  t.is(down(other), T(A.DOWN, other, A.process, p, A.normal),
       "a monitor by pid on the same process still names the pid")
end

---------------------------------------------------------------- demonitor
do
  local p = spawn(target)
  local ref = monitor(p)
  local sync = monitor(p)
  t.is(demonitor(ref), true, "demonitor returns true")
  send(p, "error")
  t.ok(down(sync) ~= nil, "the other monitor fires")
  t.ok(no_more(ref), "a demonitored monitor delivers no DOWN")

  p = spawn(target)
  ref = monitor(p)
  sync = monitor(p)
  send(me, A.before)
  send(p, "return")
  down(sync)                    -- by now the DOWN for ref is in the mailbox
  send(me, A.after)
  t.is(process_info(p), nil, "(the process is gone)")
  demonitor(ref)
  t.ok(not no_more(ref), "demonitor(ref) without flush leaves a delivered DOWN (as Erlang)")

  p = spawn(target)
  ref = monitor(p)
  sync = monitor(p)
  send(p, "return")
  down(sync)
  t.is(demonitor(ref, true), true, "demonitor(ref, true) returns true")
  t.ok(no_more(ref), "demonitor(ref, true) removes the DOWN already delivered")
  t.is(receive(0), A.before, "other messages stay ...")
  t.is(receive(0), A.after, "... in order")
  t.is(receive(0), nil, "(nothing else)")

  t.lives(function() demonitor(ref) end, "demonitor of a spent monitor is harmless")
  t.lives(function() demonitor(make_ref()) end, "demonitor of an unknown ref is harmless")
  t.raises(function() demonitor("x") end, "ref", "demonitor of a non-ref raises an error")
end

---------------------------------------------------------------- spawn_monitor
do
  local p, ref = spawn_monitor(function() error("sm", 0) end)
  t.is(typeof(p), "pid", "spawn_monitor returns a pid ...")
  t.is(typeof(ref), "ref", "... and a ref")
  t.is(down(ref), T(A.DOWN, ref, A.process, p, "sm"),
       "spawn_monitor: DOWN even for a process that dies at once")
  local q, rq = spawn_monitor(function(x, y) send(x, y) end, me, "arg")
  t.is(receive("arg", 1000), "arg", "spawn_monitor passes arguments")
  t.is(down(rq), T(A.DOWN, rq, A.process, q, A.normal), "and its DOWN comes")
end

---------------------------------------------------------------- names
do
  local p = spawn(target)
  register("monitored_by_name", p)
  local ref = monitor("monitored_by_name")
  send(p, "error")
  local m = down(ref)
  t.ok(m ~= nil, "monitor(name): a DOWN comes when the process exits")
  t.is(m and m[5], "target failed", "with the reason")

  local q = spawn(target)
  register(A.monitored_by_atom, q)
  local rq = monitor(A.monitored_by_atom)
  exit(q, "kill")
  local mq = down(rq)
  t.is(mq and mq[5], A.killed, "monitor(atom name) works too")
end

---------------------------------------------------------------- several
do
  local p = spawn(target)
  local refs = {monitor(p), monitor(p), monitor(p)}
  t.ok(refs[1] ~= refs[2] and refs[2] ~= refs[3], "each monitor call makes a new ref")
  local others = {}
  for i = 1, 3 do
    others[i] = spawn(function(x, parent)
      local r = monitor(x)
      send(parent, A.monitoring)
      local m = receive(T(A.DOWN, r, ANY, ANY, ANY), 3000)
      local extra = receive(T(A.DOWN, ANY, ANY, ANY, ANY), 50)
      send(parent, T(A.other_got, m and m[5], extra == nil))
    end, p, me)
    receive(A.monitoring, 1000)
  end
  send(p, "return")
  local ok = true
  for i = 1, 3 do ok = ok and down(refs[i]) ~= nil end
  t.ok(ok, "three monitors from one process: each gets its DOWN")
  t.ok(no_more(refs[1]) and no_more(refs[2]) and no_more(refs[3]), "and only one each")
  local seen = 0
  for _ = 1, 3 do
    local r = receive(T(A.other_got, ANY, ANY), 2000)
    if r and r[2] == A.normal and r[3] then seen = seen + 1 end
  end
  t.is(seen, 3, "monitors from three other processes: one DOWN each")
end

---------------------------------------------------------------- one-way
do
  local p = spawn(target)
  local rp = monitor(p)
  local _, rw = spawn_monitor(function(x) monitor(x); error("watcher fails", 0) end, p)
  down(rw)
  send(p, "ping?")      -- target treats any string but "error" as return
  t.is(down(rp), T(A.DOWN, rp, A.process, p, A.normal),
       "a monitoring process's crash does not touch the process it watched")
end

t.done()

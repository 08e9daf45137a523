-- preemption.lua: a process that loops forever is preempted. Other
-- processes still receive and reply, timers still fire, a ping-pong and a
-- busy loop both progress, and exit(pid, "kill") stops the loop (also inside
-- pcall and inside a coroutine). Also what processes(), process_info(),
-- is_alive() and node_of() say about processes in each state.
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

local function busy() while true do end end

local function echo()
  while true do
    local m = receive()
    if m == A.stop then return end
    send(m[1], T(A.pong, m[2]))
  end
end

local function contains(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

-- process_info, but a failure is a failed test, not the end of the file
local function info(p, what)
  local ok, r = pcall(process_info, p)
  if not ok then
    t.ok(false, "process_info(" .. what .. ") raises no error")
    t.diag("error was: " .. tostring(r))
    return {}
  end
  return r
end

---------------------------------------------------------------- busy loops
do
  local b1, rb1 = spawn_monitor(busy)
  local b2, rb2 = spawn_monitor(busy)
  local e = spawn(echo)
  send(e, T(me, 1))
  t.is(receive(T(A.pong, ANY), 3000), T(A.pong, 1),
       "with two processes in while true do end, another still receives and replies")
  local ok = true
  for i = 2, 50 do
    send(e, T(me, i))
    ok = ok and receive(T(A.pong, i), 3000) ~= nil
  end
  t.ok(ok, "50 round trips with the busy loops running")
  send_after(30, me, A.timer)
  t.is(receive(A.timer, 3000), A.timer, "timers fire while busy loops run")
  spawn(function(p) sleep(20); send(p, A.slept) end, me)
  t.is(receive(A.slept, 3000), A.slept, "sleep ends while busy loops run")

  local b0 = spawn(busy)   -- no monitor: see only what a busy loop does
  send(e, T(me, "turn")); receive(T(A.pong, "turn"), 3000)
  local i0 = info(b0, "a busy process")
  t.is(i0.status, "runnable", "a busy process's status is runnable")
  t.ok((i0.reductions or 0) > 1, "and it has been scheduled more than once (reductions > 1)")
  exit(b0, "kill")
  t.ok(not is_alive(b0), "exit(pid, \"kill\") of a busy process: is_alive is false at once")

  exit(b1, "kill")
  t.is(receive(T(A.DOWN, rb1, ANY, ANY, ANY), 3000), T(A.DOWN, rb1, A.process, b1, A.killed),
       "exit(pid, \"kill\") stops a busy loop")
  t.ok(not is_alive(b1), "is_alive is false after")
  t.ok(not contains(processes(), b1), "and it has left processes()")
  t.is(process_info(b1), nil, "process_info of the dead process is nil")
  exit(b2, "shutdown")
  t.is(receive(T(A.DOWN, rb2, ANY, ANY, ANY), 3000), T(A.DOWN, rb2, A.process, b2, A.shutdown),
       "exit(pid, \"shutdown\") stops a busy loop too")
  send(e, A.stop)
end

do -- a busy loop and a ping-pong both progress
  local counter = spawn(function(parent)
    local n = 0
    while true do
      n = n + 1
      if n % 200000 == 0 then send(parent, T(A.progress, n)) end
    end
  end, me)
  local function player(parent, rounds)
    local peer = receive()
    for i = 1, rounds do
      send(peer, T(A.ball, i))
      receive(T(A.ball, ANY))
    end
    send(parent, T(A.played, rounds))
  end
  local p1 = spawn(player, me, 300)
  local p2 = spawn(player, me, 300)
  send(p1, p2); send(p2, p1)
  local d1 = receive(T(A.played, ANY), 5000)
  local d2 = receive(T(A.played, ANY), 5000)
  t.ok(d1 and d2, "a ping-pong of 300 rounds finishes beside a busy loop")
  local seen = 0
  while receive(T(A.progress, ANY), seen < 2 and 5000 or 0) do seen = seen + 1 end
  t.ok(seen >= 2, "and the busy loop made progress too (" .. seen .. " progress reports)")
  exit(counter, "kill")
end

do -- a busy loop inside pcall, and inside a coroutine, is still stopped
  local p, r = spawn_monitor(function() pcall(busy) end)
  local e = spawn(echo)
  send(e, T(me, "pcall"))
  t.is(receive(T(A.pong, ANY), 3000), T(A.pong, "pcall"), "a busy loop inside pcall is preempted")
  exit(p, "kill")
  t.is(receive(T(A.DOWN, r, ANY, ANY, ANY), 3000), T(A.DOWN, r, A.process, p, A.killed),
       "and killed")
  send(e, A.stop)
end

do -- in a child node, so that a frozen node cannot hang this test
  local out, status = t.run_child([[
    spawn(function() coroutine.wrap(function() while true do end end)() end)
    spawn(function() sleep(50); print("neighbour ran"); halt(0) end)
  ]], 5)
  t.has(out, "neighbour ran", "a busy loop inside a coroutine (coroutine.wrap) is preempted too")
  t.is(status, 0, "and the node halts normally (status " .. tostring(status) .. ", 124 = frozen)")
end

do -- a process killed while on the run queue, then garbage: the scheduler
  -- must not touch it again (under the sanitizer build this is checked by
  -- ASan; in a child node, so that a crash is a failed test)
  local out, status = t.run_child([[
    for i = 1, 200 do
      local p = spawn(function() while true do end end)
      local q = spawn(function() end)
      exit(p, "kill"); exit(q, "kill")
      p, q = nil, nil
      collectgarbage()
      sleep(1)
    end
    print("survived")
  ]])
  t.has(out, "survived", "killing runnable processes and collecting their pids is safe")
  t.is(status, 0, "the node exits 0")
end

---------------------------------------------------------------- introspection
do
  t.is(info(me, "self").status, "running", "the calling process's status is running")
  t.ok(contains(processes(), me), "processes() includes self()")
  local all, sorted = processes(), true
  local function id(p) return tonumber(tostring(p):match("^<%d+%.(%d+)%.")) end
  for i = 2, #all do if id(all[i - 1]) >= id(all[i]) then sorted = false end end
  t.ok(sorted, "processes() is in pid order")
  t.is(node_of(me), "nonode@nohost", "node_of(self()) is nonode@nohost")
  t.is(node_of(me), node.self(), "and equals node.self()")

  -- ready(): the process has run up to its next receive (the single
  -- scheduler runs it from its send to its receive in one go)
  local function ready(p) return receive(T(A.ready, p), 2000) end
  local w = spawn(function(parent) send(parent, T(A.ready, self())); receive(A.never) end, me)
  local wi = info(w, "a new process")
  t.is(wi.status, "runnable", "a process that has not run yet is runnable")
  ready(w)
  t.is(info(w, "a waiting process").status, "waiting", "a process blocked in receive is waiting")
  t.ok(is_alive(w), "is_alive is true for it")
  t.ok(contains(processes(), w), "processes() includes it")
  send(w, A.one); send(w, T(A.two, 2)); send(w, {three = 3})
  local wi2 = info(w, "with messages")
  t.is(wi2.message_queue_len, 3, "message_queue_len counts unmatched messages")
  t.is(wi2.messages, {A.one, T(A.two, 2), {three = 3}}, "messages lists them in order")
  t.is(wi2.trap_exit, false, "trap_exit is false by default")
  t.is(wi2.registered_name, nil, "no registered_name")
  t.is(wi2.links, {}, "no links")
  t.is(wi2.monitors, {}, "no monitors")
  t.is(wi2.monitored_by, {}, "not monitored")
  t.ok(math.type(wi2.memory) == "integer" and wi2.memory > 0, "memory is a positive integer")

  register("pre_w", w)
  t.is(info(w, "registered").registered_name, "pre_w", "registered_name")

  link(w)
  local ref = monitor(w)
  local mine = info(me, "self with a link and a monitor")
  t.is(mine.links, {w}, "links of the linker")
  t.is(mine.monitors, {w}, "monitors lists the monitored pid")
  local wi3 = info(w, "linked and monitored")
  t.is(wi3.links, {me}, "links of the linked (links are two-way)")
  t.is(wi3.monitored_by, {me}, "monitored_by lists the monitoring pid")
  unlink(w)
  demonitor(ref)
  local wi4 = info(w, "after unlink and demonitor")
  t.is(wi4.links, {}, "unlink removes the link on the other side")
  t.is(wi4.monitored_by, {}, "demonitor removes the monitor on the other side")
  t.is(info(me, "self after unlink").links, {}, "and on this side")

  local tr = spawn(function(parent) trap_exit(true); send(parent, T(A.ready, self())); receive(A.never) end, me)
  ready(tr)
  t.is(info(tr, "a trapping process").trap_exit, true, "trap_exit shows trap_exit(true)")

  -- a dead process's links and monitors are gone from the others' info
  local m2 = spawn(function(x, parent)
    monitor(x); link(x); send(parent, T(A.ready, self())); receive(A.go); error("bye", 0)
  end, w, me)
  local rm2 = monitor(m2)
  ready(m2)
  local wi5 = info(w, "watched by another")
  t.is(wi5.monitored_by, {m2}, "(monitored by the other process)")
  send(m2, A.go)
  receive(T(A.DOWN, rm2, ANY, ANY, ANY), 2000)
  t.is(process_info(w), nil, "the linked process died with it")

  local q = spawn(function() receive(A.never) end)
  local m3 = spawn(function(x, parent) monitor(x); send(parent, T(A.ready, self())); receive(A.go) end, q, me)
  local rm3 = monitor(m3)
  ready(m3)
  exit(m3, "kill")
  receive(T(A.DOWN, rm3, ANY, ANY, ANY), 2000)
  t.is(info(q, "after its watcher died").monitored_by, {}, "a dead watcher leaves monitored_by")
  exit(q, "kill"); exit(tr, "kill")
end

t.done()

-- group_leader.lua: print and io.write through a group leader of this node,
-- as io:put_chars does on the BEAM: the request is answered and print
-- returns (waiting while the group leader lives); a group leader that is
-- dead already, or dies before it answers, makes print fail with a
-- sentence naming it and its reason (Erlang raises terminated) instead of
-- waiting; one that answers an error makes it fail (Erlang: badarg); a
-- process that is its own group leader fails at once (calling_self). No
-- monitor or stray DOWN is left behind. (A pid of another node:
-- tests/unit/seam.c, tests/dist/group_leader.sh.) group_leader(gl, pid) on
-- a dead pid of this node raises, as erl's raises badarg.
local t = dofile("tests/lib/tap.lua")
local A, T = atom, tuple
local me = self()

-- Runs f(...) in a process whose group leader is gl; its result, as
-- {ok, err, messages left, monitors left}.
local function as_led_by(gl, f, ...)
  spawn(function(...)
    group_leader(gl, self())
    local ok, err = pcall(f, ...)
    local info = process_info(self())
    send(me, T("led", ok, err or A.none, #info.messages, #info.monitors))
  end, ...)
  return receive(T("led", ANY, ANY, ANY, ANY), 5000)
end

-- A group leader that answers its first request with reply after ms,
-- telling the test what was put.
local function leader(reply, ms)
  return spawn(function()
    local m = receive()
    if ms then sleep(ms) end
    send(me, T("put", m[4]))
    send(m[2], T(A.io_reply, m[3], reply))
  end)
end

do
  local r = as_led_by(leader(A.ok, 300), print, "slow", 1)
  t.is(r, T("led", true, A.none, 0, 0), "print waits for a slow group leader, then returns; no monitor or message left")
  t.is(receive(T("put", ANY), 0), T("put", T(A.put_chars, A.unicode, "slow\t1\n")),
       "it sent {put_chars, unicode, text}")
  r = as_led_by(leader(A.ok), io.write, "a", "b")
  t.is(r and r[2], true, "io.write through a group leader returns")
  t.is(receive(T("put", ANY), 0), T("put", T(A.put_chars, A.unicode, "ab")), "io.write put its text")
end

do
  local dead = spawn(function() end)
  sleep(10)
  local r = as_led_by(dead, print, "lost")
  t.is(r and r[2], false, "print through a dead group leader fails")
  t.has(r and r[3], "print: the group leader " .. tostring(dead) .. " is gone (:noproc); Erlang's io:put_chars raises terminated",
        "with a sentence naming it and noproc")
  t.is(r and r[5], 0, "and no monitor is left")
  r = as_led_by(dead, io.write, "lost")
  t.has(r and r[3], "io.write: the group leader " .. tostring(dead) .. " is gone (:noproc)", "io.write too")
end

do
  local dying = spawn(function() receive(); exit(T(A.shutdown, 1)) end)
  local r = as_led_by(dying, print, "lost")
  t.has(r and r[3], "print: the group leader " .. tostring(dying) .. " is gone ({:shutdown, 1})",
        "a group leader that dies before answering: print fails with its reason")
end

do
  local r = as_led_by(leader(T(A.error, A.enotsup)), print, "refused")
  receive(T("put", ANY), 1000)
  t.has(r and r[3], "answered {:error, :enotsup}, not :ok; Erlang's io:put_chars raises badarg",
        "a group leader that answers an error: print fails and says what it answered")
  t.is(r and r[4], 0, "no DOWN left in the mailbox")
end

do
  spawn(function()
    group_leader(self(), self())
    local ok, err = pcall(print, "me")
    send(me, T("self", ok, err))
  end)
  local r = receive(T("self", ANY, ANY), 5000)
  t.has(r and r[3], "this process is its own group leader", "its own group leader: print fails at once (calling_self)")
end

t.raises(function() group_leader(self(), "x") end, "pid expected",
         "group_leader(gl, not a pid): a clear argument error")

do  -- erl: group_leader(GL, DeadPid) raises badarg; a dead leader is fine
  local dead = spawn(function() end)
  sleep(10)
  t.raises(function() group_leader(self(), dead) end,
           "group_leader: " .. tostring(dead) .. " has exited",
           "group_leader(gl, dead pid of this node) raises, naming the pid")
  local p = spawn(function() receive() end)
  t.is(group_leader(dead, p), true, "group_leader(dead gl, live pid) sets it, as erl's returns true")
  send(p, "done")
end

t.done()

-- copying.lua: messages are copied. A table sent (or passed to spawn, or to
-- send_after) is a copy: changing the original afterwards, at any depth,
-- changes nothing the receiver has, and the other way round. Tuples that
-- hold tables are copied too; tuples of plain values may be shared and
-- compare equal. Values that cannot be copied (coroutines, file handles,
-- cyclic tables) raise an error in the sender, and nothing is delivered.
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

-- A process that holds the first message it gets, and on each later
-- atom.show sends back tuple(atom.held, the held value) without copying
-- anything more than send does.
local function holder(parent)
  local held = receive()
  send(parent, A.holding)
  while true do
    local m = receive()
    if m == A.show then send(parent, T(A.held, held))
    elseif m == A.mutate then held.x = "changed by receiver"; send(parent, A.mutated)
    elseif m == A.stop then return end
  end
end

local function show(p)
  send(p, A.show)
  local r = receive(T(A.held, ANY), 1000)
  return r and r[2]
end

---------------------------------------------------------------- send
do
  local p = spawn(holder, me)
  local msg = {x = 1, list = {1, 2, 3}, deep = {a = {b = {c = "original"}}}}
  send(p, msg)
  receive(A.holding, 1000)
  msg.x = 2
  msg.list[1] = 100
  table.insert(msg.list, 4)
  msg.deep.a.b.c = "changed"
  msg.new = true
  t.is(show(p), {x = 1, list = {1, 2, 3}, deep = {a = {b = {c = "original"}}}},
       "changing a sent table (at any depth) after send changes nothing the receiver has")

  -- and the receiver's changes do not reach the sender
  local mine = {x = "mine"}
  local q = spawn(holder, me)
  send(q, mine)
  receive(A.holding, 1000)
  send(q, A.mutate)
  receive(A.mutated, 1000)
  t.is(mine.x, "mine", "the receiver changing its copy does not change the sender's table")
  t.is(show(q), {x = "changed by receiver"}, "(the receiver did change its copy)")
  send(p, A.stop); send(q, A.stop)
end

do -- a message to oneself is a copy too
  local m = {n = 1}
  send(me, m)
  m.n = 2
  local got = receive(0)
  t.is(got, {n = 1}, "a table sent to oneself is a copy taken at send time")
  t.ok(not rawequal(got, m), "and a different table")
end

do -- a table reached twice (not a cycle) is fine to send
  local shared = {1, 2}
  local ok = pcall(send, me, {a = shared, b = shared, c = {shared}})
  t.ok(ok, "a table that appears twice in a message (no cycle) can be sent")
  local got = receive(0)
  t.is(got, {a = {1, 2}, b = {1, 2}, c = {{1, 2}}}, "and arrives whole")
end

do -- tables as keys are copied too
  local k = {1}
  send(me, {[k] = "v"})
  local got = receive(0)
  local key = next(got or {})
  t.ok(type(key) == "table" and not rawequal(key, k), "a table used as a key is copied")
  k[1] = 99
  t.is(key and key[1], 1, "and its copy does not change with the original")
end

---------------------------------------------------------------- spawn, send_after
do
  local arg = {v = "before", nested = {v = "before"}}
  spawn(function(parent, a)
    send(parent, T(A.arg, a))
  end, me, arg)
  arg.v = "after"
  arg.nested.v = "after"  -- the new process has not run yet
  local r = receive(T(A.arg, ANY), 1000)
  t.is(r and r[2], {v = "before", nested = {v = "before"}},
       "spawn's arguments are copied when spawn is called")
end

t.raises(function() spawn(42) end, "function", "spawn(42) raises: it needs a function")
t.raises(function() spawn() end, "function", "spawn() raises too")

do
  local m = {v = "before"}
  send_after(10, me, T(A.timer, m))
  m.v = "after"
  local r = receive(T(A.timer, ANY), 1000)
  t.is(r and r[2], {v = "before"}, "send_after copies its message when the timer is set")
end

---------------------------------------------------------------- tuples
do
  local inner = {1, 2}
  local tup = T(A.data, inner, T(A.deeper, inner))
  send(me, tup)
  inner[1] = "changed"
  local got = receive(0)
  t.is(got and got[2], {1, 2}, "a table inside a sent tuple is copied")
  t.is(got and got[3][2], {1, 2}, "and inside a tuple inside a tuple")
  t.ok(got and not rawequal(got[2], inner), "the received tuple holds a new table")
end

do
  local frozen = T(A.ok, 1, "two", T(A.three, 3.0), me)
  send(me, frozen)
  local got = receive(0)
  t.ok(got == frozen, "a tuple of plain values compares equal after the trip")
  t.is(typeof(got), "tuple", "and is still a tuple")
  t.ok(got == T(A.ok, 1, "two", T(A.three, 3.0), me), "and equals a tuple built anew")
end

do -- a deep linked list {1, {2, {3, ...}}}: sent whole, or a clear error,
  -- never a crash
  local deep = nil
  for i = 5000, 1, -1 do deep = {i, deep} end
  local ok, err = pcall(send, me, deep)
  if ok then
    local got, n = receive(0), 0
    while got do n = n + 1; got = got[2] end
    t.is(n, 5000, "a list nested 5000 deep arrives whole")
  else
    t.has(tostring(err), "deep", "a list nested 5000 deep raises an error saying it is too deep")
  end
end

---------------------------------------------------------------- not copyable
local function nothing_delivered(name)
  t.is(receive(0), nil, name .. ": nothing was delivered")
end

do
  local co = coroutine.create(function() end)
  t.raises(function() send(me, co) end, "coroutine", "sending a coroutine raises an error in the sender")
  nothing_delivered("coroutine")
  t.raises(function() send(me, {1, {co}}) end, "coroutine",
           "a coroutine deep inside a table raises too")
  nothing_delivered("nested coroutine")
  t.raises(function() send(me, io.stdout) end, "cannot send",
           "sending a file handle (io.stdout) raises an error")
  nothing_delivered("io.stdout")
  t.raises(function() send(me, T(A.file, io.stdout)) end, "cannot send",
           "a file handle inside a tuple raises too")
  nothing_delivered("io.stdout in a tuple")

  local cyc = {name = "cyc"}
  cyc.self = cyc
  t.raises(function() send(me, cyc) end, "itself", "sending a cyclic table raises an error")
  nothing_delivered("cyclic table")
  local a, b = {}, {}
  a.b, b.a = b, a
  t.raises(function() send(me, {start = a}) end, "itself",
           "a longer cycle (a -> b -> a) raises too")
  nothing_delivered("longer cycle")
  local c = {}
  c[1] = T(A.wrap, c)
  t.raises(function() send(me, c) end, "itself", "a cycle through a tuple raises too")
  nothing_delivered("cycle through a tuple")

  local before = #processes()
  t.raises(function() spawn(function() end, co) end, "coroutine",
           "a coroutine as a spawn argument raises in the spawner")
  t.is(#processes(), before, "and no process is started")
  t.raises(function() send_after(10, me, cyc) end, "itself",
           "send_after with a cyclic table raises when it is called")
  t.is(receive(A.never, 50), nil, "and nothing arrives later")
  nothing_delivered("send_after of a cyclic table")
end

t.done()

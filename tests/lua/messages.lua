-- messages.lua: sending between processes. Order between one pair of
-- processes, send's return value, sends to dead pids and unknown names, and
-- every kind of value as a message (nil, false, numbers, strings, nested
-- tables, tuples, atoms, pids, refs) arriving intact.
local t = dofile("tests/lib/tap.lua")
local me = self()

-- An echo process: sends back tuple(atom.echo, msg) for every message,
-- until it gets atom.stop.
local function echo(parent)
  while true do
    local m = receive()
    if m == atom.stop then return end
    send(parent, tuple(atom.echo, m))
  end
end

---------------------------------------------------------------- order
do
  local N = 5000
  local p = spawn(function(parent, n)
    local got, bad = 0, nil
    for i = 1, n do
      local m = receive(2000)
      if m ~= i and bad == nil then bad = {index = i, got = m} end
      got = got + 1
    end
    send(parent, tuple(atom.order, got, bad))
  end, me, N)
  for i = 1, N do send(p, i) end
  local r = receive(tuple(atom.order, ANY, ANY), 5000)
  t.ok(r ~= nil, "the receiver reports after " .. N .. " messages")
  t.is(r and r[2], N, "all messages arrive")
  t.is(r and r[3], nil, "messages from one sender arrive in the order sent")
end

do -- the other direction, and a second round after the mailbox emptied
  local N = 3000
  local p = spawn(function(parent, n)
    for round = 1, 2 do
      receive(atom.go)
      for i = 1, n do send(parent, tuple(atom.seq, round, i)) end
    end
  end, me, N)
  for round = 1, 2 do
    send(p, atom.go)
    local bad
    for i = 1, N do
      local m = receive(tuple(atom.seq, ANY, ANY), 2000)
      if m ~= tuple(atom.seq, round, i) then bad = bad or {i, m}; break end
    end
    t.is(bad, nil, ("round %d: %d messages into one mailbox keep their order"):format(round, N))
  end
end

do -- interleaved senders: each pair keeps its own order
  local senders = {}
  for s = 1, 3 do
    senders[s] = spawn(function(parent, id)
      for i = 1, 200 do send(parent, tuple(atom.from, id, i)) end
    end, me, s)
  end
  local next_i, bad = {1, 1, 1}, nil
  for _ = 1, 600 do
    local m = receive(tuple(atom.from, ANY, ANY), 2000)
    if not m then bad = "timeout"; break end
    if m[3] ~= next_i[m[2]] then bad = m; break end
    next_i[m[2]] = next_i[m[2]] + 1
  end
  t.is(bad, nil, "three senders interleaved: each one's messages stay in order")
end

---------------------------------------------------------------- send's value
do
  local msg = {a = 1}
  t.ok(rawequal(send(me, msg), msg), "send returns the message it was given")
  t.is(send(me, 42), 42, "send returns a number message")
  t.is(select("#", send(me, nil)), 1, "send of nil returns one value")
  receive({a = 1}, 0); receive(42, 0); receive(nil, 0)
end

---------------------------------------------------------------- dead pids
do
  local p, ref = spawn_monitor(function() end)
  receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 1000)
  t.ok(not is_alive(p), "the process is dead")
  t.lives(function() send(p, "into the void") end,
          "sending to a dead pid raises nothing")
  t.is(send(p, "x"), "x", "and still returns the message")
end

---------------------------------------------------------------- unknown names
t.raises(function() send("no_such_name_here", 1) end, "no_such_name_here",
         "send to an unknown string name raises an error naming it")
t.raises(function() send(atom.nobody_by_that_name, 1) end, "nobody_by_that_name",
         "send to an unknown atom name raises an error naming it")
t.raises(function() send(42, 1) end, "pid",
         "send to a number raises an error saying what a destination is")
-- erl -noshell -eval '{x, b@h} ! hi' returns hi: a node that is not alive
-- drops a message to another node silently
t.lives(function() send(tuple("someone", "other@host"), 1) end,
        "send to {name, other node} on a node without distribution raises nothing")
t.is(send(tuple(atom.someone, atom["other@host"]), "m"), "m",
     "and returns the message, as erl's {x, b@h} ! m")

---------------------------------------------------------------- round trips
do
  local p = spawn(echo, me)
  local function roundtrip(v)
    send(p, v)
    local r = receive(tuple(atom.echo, ANY), 1000)
    return r ~= nil, r and r[2]
  end
  local ref, pid = make_ref(), spawn(function() end)
  local cases = {
    {"false", false},
    {"true", true},
    {"an integer", 7},
    {"a negative integer", -123456789012},
    {"math.maxinteger", math.maxinteger},
    {"a float", 2.5},
    {"an empty string", ""},
    {"a string", "hello"},
    {"a string with zero bytes", "a\0b\255"},
    {"an atom", atom.hello},
    {"a quoted atom", atom["hello world"]},
    {"a tuple", tuple(1, "two", atom.three)},
    {"an empty tuple", tuple()},   -- (values.lua checks tuple() is a tuple)
    {"a nested tuple", tuple(atom.a, tuple(atom.b, tuple(1, 2)))},
    {"a pid", pid},
    {"a ref", ref},
    {"a list", {1, 2, 3}},
    {"an empty table", {}},
    {"a map", {x = 1, y = "two", [3] = atom.three}},
    {"nested tables", {a = {b = {c = {1, {2, {3}}}}}, list = {{}, {x = false}}}},
    {"a tuple holding tables", tuple({1, 2}, {k = "v"})},
    {"a table holding tuples, atoms, pids and refs",
     {t = tuple(atom.ok, 1), a = atom.x, p = pid, r = ref}},
  }
  for _, c in ipairs(cases) do
    local arrived, v = roundtrip(c[2])
    t.ok(arrived, c[1] .. " arrives")
    t.is(v, c[2], c[1] .. " round-trips unchanged")
    t.is(typeof(v), typeof(c[2]), c[1] .. " keeps its type")
  end
  -- floats and integers stay apart
  local _, f = roundtrip(3.0)
  t.is(math.type(f), "float", "3.0 stays a float")
  local _, i = roundtrip(3)
  t.is(math.type(i), "integer", "3 stays an integer")
  -- nil: it must arrive as a message, not as a timeout
  local arrived, v = roundtrip(nil)
  t.ok(arrived, "nil arrives as a message")
  t.is(v, nil, "nil round-trips as nil")
  -- a message of nil is a message: the mailbox counts it
  local q = spawn(function() receive(atom.never) end)
  send(q, nil)
  t.is(process_info(q).message_queue_len, 1, "a nil message counts in the mailbox")
  t.is(process_info(q).messages, {nil}, "and is listed as nil, not as an internal sentinel")
  exit(q, "kill")
  send(p, atom.stop)
end

t.done()

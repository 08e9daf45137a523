-- receive.lua: selective receive. Which message each form of receive takes
-- (first match, others left in order), templates (ANY, nested tuples,
-- tables, functions inside), predicates, several clauses with handlers
-- (message order beats clause order), after timeouts including 0,
-- receive(ms), messages arriving during a wait (matching or not), when()
-- without a handler, and errors for bad arguments.
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

-- Drains the mailbox (without waiting) and returns its messages in order.
local function drain()
  local got = {}
  while true do
    local n = process_info(me).message_queue_len
    if n == 0 then return got end
    got[#got + 1] = receive(0)
  end
end

---------------------------------------------------------------- selective
do
  send(me, T(A.a, 1)); send(me, T(A.b, 2)); send(me, T(A.c, 3)); send(me, T(A.b, 4))
  t.is(receive(T(A.b, ANY), 0), T(A.b, 2), "a template takes the first matching message")
  t.is(drain(), {T(A.a, 1), T(A.c, 3), T(A.b, 4)},
       "the messages it skipped stay, in their order")
end

do
  send(me, 1); send(me, "two"); send(me, 3); send(me, "four")
  t.is(receive(function(m) return type(m) == "string" end, 0), "two",
       "a predicate takes the first message it accepts")
  t.is(receive(function(m) return m == "four" end), "four",
       "a predicate with no timeout takes a later message")
  t.is(drain(), {1, 3}, "the rest stay in order")
end

do
  send(me, A.first); send(me, A.second)
  t.is(receive(ANY, 0), A.first, "ANY as a whole template takes the first message")
  t.is(receive(), A.second, "receive() takes the next one")
end

do -- a large mailbox, taken from the middle, then in order
  local N = 3000
  for i = 1, N do send(me, T(i % 2 == 0 and A.even or A.odd, i)) end
  local ok = true
  for i = 2, N, 2 do ok = ok and receive(T(A.even, ANY), 0) == T(A.even, i) end
  t.ok(ok, "selective receive takes the even ones out of " .. N .. " messages in order")
  for i = 1, N, 2 do ok = ok and receive(0) == T(A.odd, i) end
  t.ok(ok, "and the odd ones left behind come out in order")
  t.is(receive(0), nil, "and then the mailbox is empty")
  send(me, A.after_flood)
  t.is(receive(0), A.after_flood, "the emptied mailbox works again")
end

---------------------------------------------------------------- templates
do
  send(me, T(A.reply, T(A.error, 1)))
  send(me, T(A.reply, T(A.ok, 2)))
  send(me, T(A.reply, T(A.ok, 3, 4)))
  t.is(receive(T(A.reply, T(A.ok, ANY)), 0), T(A.reply, T(A.ok, 2)),
       "nested tuple templates match element by element")
  t.is(receive(T(A.reply, T(A.ok, ANY)), 0), nil,
       "a tuple template does not match a tuple of another size")
  t.is(receive(T(A.reply, ANY), 0), T(A.reply, T(A.error, 1)),
       "ANY matches a nested tuple")
  t.is(receive(T(A.reply, T(A.ok, ANY, ANY)), 0), T(A.reply, T(A.ok, 3, 4)),
       "a three-element template takes the three-element tuple")
end

do
  send(me, T(A.x, nil))
  t.is(receive(T(A.x, ANY), 0), T(A.x, nil), "ANY matches a nil element")
  send(me, {A.ok, 1})
  t.is(receive(T(A.ok, ANY), 0), nil, "a tuple template does not match a table")
  t.is(receive({A.ok, ANY}, 0), {A.ok, 1}, "a sequence template matches a list")
end

do
  send(me, {cmd = "put", key = "k"})
  send(me, {cmd = "get", key = "k", extra = true})
  send(me, "get")
  t.is(receive({cmd = "get"}, 0), {cmd = "get", key = "k", extra = true},
       "a table template matches a table having its keys (extra keys allowed)")
  t.is(receive({cmd = "get"}, 0), nil, "a table template matches no string")
  t.is(receive({cmd = "put", key = ANY}, 0), {cmd = "put", key = "k"},
       "a table template with ANY values")
  t.is(drain(), {"get"}, "the string stays")
end

do -- a key that is absent is not a key that matches ANY
  send(me, {y = 1})
  t.is(receive({x = ANY}, 0), nil,
       "{x = ANY} does not match a table without x (as %{x: _} in Elixir)")
  drain()
end

do
  send(me, {"result", 5, 6}); send(me, {"result"}); send(me, {"result", 7})
  t.is(receive({"result", ANY}, 0), {"result", 7},
       "a sequence template needs a sequence of the same length")
  t.is(#drain(), 2, "the longer and shorter lists stay")
end

do
  send(me, {a = {b = {c = 1}}}); send(me, {a = {b = {c = 2}}})
  t.is(receive({a = {b = {c = 2}}}, 0), {a = {b = {c = 2}}}, "nested table templates")
  drain()
end

do
  send(me, T(A.n, 3)); send(me, T(A.n, 30)); send(me, T(A.n, 300))
  local big = function(v) return v > 10 end
  t.is(receive(T(A.n, big), 0), T(A.n, 30), "a function inside a tuple template tests its field")
  send(me, {n = 5}); send(me, {n = 50})
  t.is(receive({n = big}, 0), {n = 50}, "a function inside a table template tests its field")
  t.is(drain(), {T(A.n, 3), T(A.n, 300), {n = 5}}, "the rest stay in order")
end

do
  local pid = spawn(function() end)
  local ref = make_ref()
  send(me, T(A.from, me, 1)); send(me, T(A.from, pid, 2))
  t.is(receive(T(A.from, pid, ANY), 0), T(A.from, pid, 2), "a pid in a template matches that pid")
  send(me, T(ref, 1)); send(me, T(make_ref(), 2))
  t.is(receive(T(make_ref(), ANY), 0), nil, "a new ref matches no older one")
  t.is(receive(T(ref, ANY), 0), T(ref, 1), "a ref in a template matches that ref")
  send(me, "ping"); send(me, "pong")
  t.is(receive("pong", 0), "pong", "a string template matches an equal string")
  send(me, A.go)
  t.is(receive(A.go, 0), A.go, "an atom template matches that atom")
  drain()
end

---------------------------------------------------------------- clauses
do
  send(me, T(A.b, 1)); send(me, T(A.a, 2))
  local r1, r2 = receive(
    when(T(A.a, ANY), function(m) return "a", m[2] end),
    when(T(A.b, ANY), function(m) return "b", m[2] end))
  t.is({r1, r2}, {"b", 1},
       "message order beats clause order: the oldest message that any clause matches")
  local r3 = receive(
    when(T(A.a, ANY), function(m) return "first", m[2] end),
    when(ANY, function() return "second" end))
  t.is(r3, "first", "for one message, the first clause that matches wins")
end

do
  send(me, T(A.ok, 1))
  local n = select("#", receive(when(T(A.ok, ANY), function() return 1, nil, 3 end)))
  t.is(n, 3, "a handler's results, nils included, are receive's results")
  send(me, T(A.ok, 9))
  t.is({pcall(receive, when(T(A.ok, ANY)))}, {true, T(A.ok, 9)},
       "when(pattern) with no handler returns the message")
  drain()
  send(me, 5)
  t.is(receive(when(function(m) return m == 5 end, function(m) return m * 2 end)), 10,
       "when() with a predicate")
end

do -- a handler may block: receive's results come after it resumes
  send(me, A.go)
  spawn(function(p) sleep(20); send(p, A.inner) end, me)
  local a, b = receive(when(A.go, function()
    local inner = receive(A.inner, 2000)
    sleep(5)
    return "outer", inner
  end))
  t.is({a, b}, {"outer", A.inner}, "a handler that receives and sleeps returns its results")
end

---------------------------------------------------------------- after
do
  t.is(receive(when(ANY, function() return "msg" end),
               after(0, function() return "timeout", 0 end)), "timeout",
       "after(0, fn) on an empty mailbox runs fn at once")
  local a, b = receive(after(0, function() return "x", "y" end))
  t.is({a, b}, {"x", "y"}, "after alone: its handler's results")
  send(me, A.hello)
  t.is(receive(when(A.hello, function() return "msg" end), after(0, function() return "timeout" end)),
       "msg", "after(0) still takes a matching message already there")
  send(me, A.other)
  t.is(receive(when(A.hello, function() return "msg" end), after(30, function() return "timeout" end)),
       "timeout", "after(ms) fires when no message matches")
  t.is(receive(0), A.other, "and the message that did not match stays")
  t.is({pcall(receive, when(A.nothing), after(10))}, {true},
       "after(ms) without a handler: receive returns nothing")
end

do
  t.is(receive(0), nil, "receive(0) on an empty mailbox returns nil at once")
  t.is(receive(20), nil, "receive(ms) returns nil after the timeout")
  t.is(receive(A.nothing, 20), nil, "receive(template, ms) returns nil after the timeout")
  t.is(receive(function() return false end, 20), nil, "receive(pred, ms) returns nil after the timeout")
end

do -- receive(ms) waits at least about ms, and not much longer
  send_after(40, me, A.early)
  t.is(receive(A.never, 150), nil, "a 150 ms receive times out")
  t.is(receive(A.early, 0), A.early, "a timer of 40 ms fired during it: it waited")
  local late = send_after(3000, me, A.late)
  t.is(receive(A.never, 30), nil, "a 30 ms receive times out")
  t.ok(cancel_timer(late), "long before a 3000 ms timer fires")
end

---------------------------------------------------------------- during a wait
do
  spawn(function(p) sleep(30); send(p, T(A.reply, 42)) end, me)
  t.is(receive(T(A.reply, ANY), 2000), T(A.reply, 42), "a message arriving during the wait is taken")

  spawn(function(p) sleep(30); send(p, A.reply_any) end, me)
  t.is(receive(), A.reply_any, "receive() wakes for a message")

  spawn(function(p)
    sleep(20); send(p, A.noise1)
    sleep(20); send(p, A.noise2)
    sleep(20); send(p, A.wanted)
  end, me)
  t.is(receive(A.wanted, 2000), A.wanted,
       "non-matching messages arriving during a wait do not end it")
  t.is(drain(), {A.noise1, A.noise2}, "they stay in the mailbox, in order")

  spawn(function(p)
    sleep(20); send(p, A.noise)
    sleep(20); send(p, A.wanted2)
  end, me)
  t.is(receive(when(A.wanted2, function() return "got it" end),
               after(2000, function() return "timeout" end)), "got it",
       "clauses: a non-matching message does not end the wait either")
  drain()

  -- a stream of non-matching messages must not restart the timeout
  local noisy = spawn(function(p)
    for _ = 1, 40 do sleep(15); send(p, A.noise) end
    send(p, A.the_end)
  end, me)
  t.is(receive(A.never, 150), nil, "a receive(150) under a stream of other messages times out")
  t.is(receive(A.the_end, 0), nil, "before the stream (600 ms) ends: the timeout was not restarted")
  exit(noisy, "kill")
  drain()
end

---------------------------------------------------------------- errors
do
  send(me, A.keep)
  t.raises(function() receive(function() error("pred blew up") end, 0) end,
           "pred blew up", "an error in a predicate comes out of receive")
  t.is(receive(0), A.keep, "and the message it was testing stays")
end

t.raises(function() receive(-1) end, "milliseconds", "receive(-1): an error about milliseconds")
t.raises(function() receive(A.x, "soon") end, "number", "receive(template, \"soon\"): a timeout must be a number")
t.raises(function() receive(when(A.x), 5) end, "after", "receive(when(...), 5): clauses and after only")
t.raises(function() receive(when(A.x), after(5), when(A.y)) end, "after",
         "a clause after after() is an error")
t.raises(function() receive(after(5), after(6)) end, "after", "two after() clauses are an error")
t.raises(function() when(A.x, 5) end, "function", "when(pattern, 5): the handler must be a function")
t.raises(function() after(-5) end, "milliseconds", "after(-5): an error about milliseconds")
t.raises(function() after("x") end, "number", "after(\"x\"): an error")
t.raises(function() sleep(-1) end, "milliseconds", "sleep(-1): an error about milliseconds")

---------------------------------------------------------------- flush
do
  send(me, A.f1); send(me, A.f2)
  flush()
  t.is(process_info(me).message_queue_len, 0, "flush() empties the mailbox")
end

t.done()

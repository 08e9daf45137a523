-- server.lua: the GenServer-like server on one node (dist/lua/server.lua).
-- start (with and without init, a local name, a name taken, init that
-- raises or returns server.STOP), call by pid, name and {name, node}, cast,
-- info, the default timeout and one given, a timeout, calls to a dead or
-- unknown server and to itself, a server that crashes during a call, reply
-- later (server.NOREPLY + server.reply), stop by server.STOP from each
-- callback and by server.stop (terminate runs), bad returns, link with a
-- trapped parent EXIT, sys's get_state and other system requests, a stop
-- that times out, a missing handle_info, bad arguments.
local t = dofile("tests/lib/tap.lua")
local A, T = atom, tuple

local counter = {
  init = function(n) return n end,
  handle_call = function(req, from, n)
    if req == A.get then return n, n end
    if req == A.from then return from, n end
    if typeof(req) == "tuple" and req[1] == A.sleep then sleep(req[2]) return A.slept, n end
    if req == A.later then
      send(self(), T(A.answer, from))     -- answered from handle_info
      return server.NOREPLY, n
    end
    if req == A.crash then error("crashed on purpose", 0) end
    if req == A.stop then
      server.reply(from, A.bye)
      return server.STOP, A.shutdown, n + 100
    end
    if req == A.nothing then return end
    if req == A.nilreply then return nil, n end
  end,
  handle_cast = function(msg, n)
    if msg == A.stop then return server.STOP, "normal" end
    return n + msg
  end,
  handle_info = function(m, n)
    if typeof(m) == "tuple" and m[1] == A.answer then server.reply(m[2], n * 10) return n end
    if m == A.stop then return server.STOP, T(A.shutdown, A.info) end
    if m == A.forget then return end
    return n + 1
  end,
  terminate = function(reason, n) send("watcher", T(A.terminated, reason, n)) end,
}

-- A process that keeps what terminate reports (and what other processes
-- hand over) in order, for the tests to ask: last_terminate() is the
-- oldest report, or :none.
register("watcher", spawn(function()
  local seen = {}
  while true do
    local m = receive()
    if m[1] == A.terminated then seen[#seen + 1] = m
    else send(m[2], table.remove(seen, 1) or A.none) end
  end
end))
local function last_terminate()
  send("watcher", T(A.ask, self()))
  return receive(2000)
end

-- watch(pid): a function that waits for pid's exit reason (the monitor
-- is made now, before what ends the process).
local function watch(pid)
  local r = monitor(pid)
  return function()
    local m = receive(T(A.DOWN, r, ANY, ANY, ANY), 2000)
    return m and m[5]
  end
end
local function down(pid) return watch(pid)() end

---------------------------------------------------------------- start, call, cast, info
do
  local p = server.start(counter, 5, {name = "counter"})
  t.is(typeof(p), "pid", "server.start returns the pid")
  t.is(whereis("counter"), p, "with {name = ...} the server is registered")
  t.is(server.call(p, A.get), 5, "server.call(pid, req): handle_call's reply; init's state")
  t.is(server.call("counter", A.get), 5, "server.call(local name, req)")
  t.is(server.call(A.counter, A.get), 5, "server.call(atom name, req)")
  t.is(server.call(T("counter", node.self()), A.get), 5, "server.call(tuple(name, this node), req)")
  t.is(server.cast("counter", 3), true, "server.cast returns true")
  t.is(server.call("counter", A.get), 8, "the cast went to handle_cast, whose result is the new state")
  send("counter", "ping")
  t.is(server.call("counter", A.get), 9, "other messages go to handle_info")
  local from = server.call("counter", A.from)
  t.ok(typeof(from) == "tuple" and from[1] == self(), "handle_call's from is tuple(caller pid, tag)")
  local tag = from[2]
  t.ok(typeof(tag) == "tuple" and tag[1] == A.improper_list and tag[2][1] == A.alias
       and typeof(tag[3]) == "ref", "... the tag is [alias | Alias], as gen's since OTP 24")
  t.is(unalias(tag[3]), false, "... an alias the call dropped when it returned")
  t.is(server.call("counter", A.later), 90, "server.NOREPLY, then server.reply(from, v) from handle_info")
  t.is(server.call("counter", A.nilreply), nil, "a nil reply is a reply")
  t.ok(receive(0) == nil, "calls leave nothing in the caller's mailbox")
  t.is(server.cast("nobody", 1), true, "server.cast to a name no one has: true, as GenServer.cast")
  t.is(server.cast(T("nobody", node.self()), 1), true, "... and to tuple(name, this node)")

  local q, why = server.start(counter, 1, {name = "counter"})
  t.is(q, nil, "a second server under a taken name: nil")
  t.has(why, "already registered to " .. tostring(p), "... and why, naming the holder")
  t.is(server.call("counter", A.get), 9, "the first server is untouched")

  ------------------------------------------------------------- timeouts
  t.is(server.call("counter", T(A.sleep, 50), 1000), A.slept, "a call within its timeout")
  local t0 = os.clock()
  t.raises(function() server.call("counter", T(A.sleep, 300), 50) end,
           "server.call: time out (server.call(\"counter\", {:sleep, 300}))",
           "a call that outlasts its timeout raises \"time out\", naming the call")
  sleep(400)                                          -- the reply came meanwhile
  t.is(receive(function(m) return typeof(m) == "tuple" and m[2] == A.slept end, 0), nil,
       "the late reply is dropped: the call's alias is gone (as OTP 24+)")
  t.ok(os.clock() - t0 < 5, "(no busy wait)")
  t.is(server.call("counter", T(A.sleep, 10), "infinity"), A.slept, "\"infinity\": no timeout")

  ------------------------------------------------------------- stop
  t.is(server.stop("counter"), true, "server.stop returns true once the server is gone")
  t.is(last_terminate(), T(A.terminated, A.normal, 9), "terminate(reason, state) ran, reason :normal")
  t.is(whereis("counter"), nil, "the name is free")
  t.raises(function() server.call(p, A.get) end,
           "server.call: no process: the process is not alive",
           "a call to a dead pid raises \"no process\"")
  t.raises(function() server.call("counter", A.get) end,
           "server.call: no process: the process is not alive or there's no process currently associated with the given name (server.call(\"counter\", :get))",
           "a call to a name no one has raises \"no process\", naming the call")
  t.raises(function() server.stop(p) end, "server.stop: no process", "server.stop of a dead server raises")
end

---------------------------------------------------------------- stop from callbacks
do
  local p = server.start(counter, 1)
  local gone = watch(p)
  t.is(server.call(p, A.stop), A.bye, "server.reply, then server.STOP from handle_call: the reply comes")
  t.is(gone(), A.shutdown, "... and the server ends with the reason")
  t.is(last_terminate(), T(A.terminated, A.shutdown, 101), "terminate gets the state given after the reason")

  p = server.start(counter, 2)
  server.cast(p, A.stop)
  t.is(down(p), A.normal, "server.STOP, \"normal\" from handle_cast: reason :normal")
  t.is(last_terminate(), T(A.terminated, A.normal, 2), "without a state, terminate gets the last one")

  p = server.start(counter, 3)
  send(p, A.stop)
  t.is(down(p), T(A.shutdown, A.info), "server.STOP from handle_info")
  last_terminate()

  p = server.start(counter, 4)
  t.is(server.stop(p, "shutdown"), true, "server.stop(pid, reason)")
  t.is(last_terminate(), T(A.terminated, A.shutdown, 4), "terminate gets that reason")
end

---------------------------------------------------------------- sys's requests, stop's timeout
do
  local p = server.start(counter, 12)
  local ref = make_ref()
  send(p, T(A.system, T(self(), ref), A.get_state))
  t.is(receive(T(ref, ANY), 1000), T(ref, 12), "{system, From, get_state} is answered with the state (sys:get_state)")
  send(p, T(A.system, T(self(), ref), A.get_status))
  t.is(receive(T(ref, ANY), 1000), T(ref, T(A.error, T(A.unsupported, A.get_status))),
       "other system requests are refused at once")
  server.cast(p, 0)                                   -- still serving
  local r = make_ref()
  send(p, T(A["$gen_call"], T(self(), r), T(A.sleep, 300)))   -- busy for 300 ms
  local gone = watch(p)
  t.raises(function() server.stop(p, nil, 50) end, "server.stop: time out",
           "server.stop with a timeout the server outlasts raises \"time out\"")
  t.is(gone(), A.normal, "... the request was delivered: the server stops when it gets to it, as in OTP")
  receive(T(r, ANY), 1000)
  sleep(100)
  t.is(receive(function(m) return typeof(m) == "tuple" and m[2] == A.ok end, 0), nil,
       "... and its late ok is dropped, as a late call reply is")
  last_terminate()
end

---------------------------------------------------------------- crashes and bad returns
do
  local p = server.start(counter, 1)
  t.raises(function() server.call(p, A.crash) end, "server.call: crashed on purpose",
           "a server that crashes during the call: the call raises with its reason")
  t.is(last_terminate(), A.none, "no terminate on a crash")

  p = server.start(counter, 1)
  t.raises(function() server.call(p, A.nothing) end,
           "handle_call must return reply, state",
           "handle_call returning nothing ends the server with a sentence saying what to return")

  p = server.start(counter, 1)
  send(p, A.forget)
  t.has(down(p), "handle_info must return the new state",
        "handle_info returning nothing: the same")

  p = server.start({init = function() return 0 end}, nil)
  t.raises(function() server.call(p, 1) end, "its callbacks have no handle_call",
           "no handle_call: the call raises, saying so")
  p = server.start({init = function() return 0 end}, nil)
  server.cast(p, 1)
  t.has(down(p), "its callbacks have no handle_cast", "no handle_cast: the server ends, saying so")
end

---------------------------------------------------------------- no handle_info
do
  local out = t.run_child([[
    local p = server.start({init = function() return 7 end,
                            handle_call = function(r, f, s) return s, s end}, nil, {name = "quiet"})
    send(p, "stray")
    print("state", server.call(p, 1))]])
  t.has(out, '("quiet"): no handle_info for the message "stray"',
        "no handle_info: the message is printed, as Elixir logs it")
  t.has(out, "state\t7", "... and the server goes on with its state")
end

---------------------------------------------------------------- init
do
  local p = server.start({handle_call = function(r, f, s) return s, s end}, "arg")
  t.is(server.call(p, A.get), "arg", "without init, the state is the argument")
  server.stop(p)

  local q, why = server.start({init = function() error("no init today", 0) end}, nil, {name = "failed"})
  t.is(q, nil, "init that raises: nil")
  t.is(why, "no init today", "... and the error's message")
  t.is(whereis("failed"), nil, "... and the name is free again")
  q, why = server.start({init = function() return server.STOP, T(A.bad, 1) end}, nil)
  t.is(q, nil, "init that returns server.STOP: nil")
  t.is(why, tostring(T(A.bad, 1)), "... and the reason")
  q, why = server.start({init = function() end}, nil)
  t.is(why, "server: init must return the state", "init that returns nothing: nil, and what to return")
  q, why = server.start({}, nil, {global = "g"})
  t.is(why, "a global name needs a distributed node: start repl with --sname",
       "{global = name} on a node with no name: nil, and why")
  t.ok(receive(0) == nil, "a failed start leaves nothing in the mailbox")
end

---------------------------------------------------------------- link
do
  local me = self()
  local parent_got = spawn(function()
    local s = server.start({
      init = function() trap_exit(true) return 0 end,
      handle_call = function(r, f, s) return s, s end,
    }, nil, {link = true, name = "linked"})
    send(me, T(A.started, s))
    receive()
  end)
  local m = receive(T(A.started, ANY), 2000)
  local s = m and m[2]
  t.is(typeof(s), "pid", "server.start with link = true")
  t.ok(process_info(s) and #process_info(s).links == 1, "... links the server to its starter")
  exit(parent_got, "boom")
  t.is(down(s), "boom", "a trapping server ends with its starter's EXIT reason")

  local p = spawn(function()
    server.start({init = function() error("fails", 0) end}, nil, {link = true})
    send(me, A.survived)
  end)
  local gone = watch(p)
  t.is(receive(A.survived, 2000), A.survived, "a failed start with link = true does not kill the caller")
  t.is(gone(), A.normal, "(it ends normally)")
end

---------------------------------------------------------------- bad arguments
do
  t.raises(function() server.call(self(), 1) end, "process attempted to call itself",
           "a call to oneself raises, as GenServer's calling_self")
  t.raises(function() server.call(42, 1) end,
           "server.call: the server is a pid, a local name",
           "a dest that is no server: one sentence")
  t.raises(function() server.call("x", 1, -1) end, "timeout: milliseconds", "a bad timeout: one sentence")
  t.raises(function() server.start(42) end, "the callbacks go in a table", "callbacks not a table")
  t.raises(function() server.start({handle_cal = function() end}) end,
           "unknown callback handle_cal", "a misspelt callback is named")
  t.raises(function() server.start({init = 1}) end, "callback init is not a function", "a callback not a function")
  t.raises(function() server.start({}, nil, {name = 3}) end, "name is a string", "a bad name")
  t.raises(function() server.reply(1, 2) end, "server.reply: from is the second argument",
           "server.reply with no from")
  t.raises(function() server.call(T("x", "other@host"), 1) end,
           "server.call: no connection to other@host",
           "tuple(name, another node) on a node with no name: no connection")
end

t.done()

-- registry.lua: local registered names. register / whereis / unregister /
-- registered(); a taken name cannot be registered again; a process has at
-- most one name; a dead pid cannot be registered; the name is freed when
-- its process exits; send by name as a string or an atom (and as
-- tuple(name, node) for this node).
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

local function server()
  while true do
    local m = receive()
    if m == A.stop then return end
    if typeof(m) == "tuple" and m[1] == A.call then send(m[2], T(A.reply, m[3])) end
  end
end

local function contains(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

---------------------------------------------------------------- basics
do
  local p = spawn(server)
  t.is(whereis("reg_a"), nil, "whereis of a free name is nil")
  t.is(register("reg_a", p), true, "register returns true")
  t.is(whereis("reg_a"), p, "whereis finds the pid")
  t.is(whereis(A.reg_a), p, "whereis with the atom finds it too")
  t.ok(contains(registered(), "reg_a"), "registered() lists the name")
  t.is(process_info(p).registered_name, "reg_a", "process_info shows the name")

  send("reg_a", T(A.call, me, "by string"))
  t.is(receive(T(A.reply, ANY), 1000), T(A.reply, "by string"), "send to a string name")
  send(A.reg_a, T(A.call, me, "by atom"))
  t.is(receive(T(A.reply, ANY), 1000), T(A.reply, "by atom"), "send to an atom name")
  send(T(A.reg_a, node.self()), T(A.call, me, "by name and node"))
  t.is(receive(T(A.reply, ANY), 1000), T(A.reply, "by name and node"),
       "send to tuple(name, this node)")
  send(T("reg_a", "nonode@nohost"), T(A.call, me, "node as string"))
  t.is(receive(T(A.reply, ANY), 1000), T(A.reply, "node as string"),
       "send to tuple(\"name\", \"nonode@nohost\")")

  t.is(unregister("reg_a"), true, "unregister returns true")
  t.is(whereis("reg_a"), nil, "the name is gone")
  t.ok(not contains(registered(), "reg_a"), "and not in registered()")
  t.is(process_info(p).registered_name, nil, "process_info shows no name")
  t.raises(function() send("reg_a", 1) end, "reg_a", "send to an unregistered name raises")
  -- erl: {nobody, node()} ! Msg returns Msg and drops it; nobody ! Msg is badarg
  local sent
  t.lives(function() sent = send(T("reg_a", node.self()), "dropped") end,
          "send to tuple(unregistered name, this node) does not raise")
  t.is(sent, "dropped", "and returns the message, as {name, node()} ! msg")
  t.lives(function() send(T(A.reg_a, "nonode@nohost"), 1) end,
          "nor with the name an atom and the node a string")
  t.raises(function() unregister("reg_a") end, "reg_a", "unregister of a free name raises")
  t.is(register("reg_a_again", p), true, "after unregister, the process can take a new name")
  t.is(register("reg_a", spawn(server)), true, "and the old name can be taken by another")
  send("reg_a", A.stop); send("reg_a_again", A.stop)
end

do -- atoms and strings are one name space
  local p = spawn(server)
  register(A.reg_atom, p)
  t.is(whereis("reg_atom"), p, "a name registered as an atom is found as a string")
  t.ok(contains(registered(), "reg_atom"), "registered() lists it")
  t.raises(function() register("reg_atom", spawn(server)) end, "reg_atom",
           "and the string cannot be registered by another")
  unregister("reg_atom")
  send(p, A.stop)
end

---------------------------------------------------------------- conflicts
do
  local p, q = spawn(server), spawn(server)
  register("reg_taken", p)
  t.raises(function() register("reg_taken", q) end, "reg_taken",
           "registering a taken name raises an error naming it")
  t.is(whereis("reg_taken"), p, "the name still points at the first process")
  t.raises(function() register("reg_taken", p) end, "reg_taken",
           "registering the same name again for the same process raises too")
  t.raises(function() register("reg_second", p) end, "reg_taken",
           "a process with a name cannot take a second (the error names the first)")
  t.is(whereis("reg_second"), nil, "and the second name stays free")

  local dead, ref = spawn_monitor(function() end)
  receive(T(A.DOWN, ref, ANY, ANY, ANY), 1000)
  t.raises(function() register("reg_dead", dead) end, "reg_dead", "registering a dead pid raises")
  t.is(whereis("reg_dead"), nil, "and registers nothing")

  t.raises(function() register("undefined", q) end, "undefined", "the name 'undefined' is refused")
  t.raises(function() register(42, q) end, "string", "a number is not a name")
  t.raises(function() register("reg_x", "not a pid") end, "pid", "register needs a pid")
  send(p, A.stop); send(q, A.stop)
end

---------------------------------------------------------------- exits
do
  local p, ref = spawn_monitor(server)
  register("reg_exit", p)
  send("reg_exit", A.stop)
  receive(T(A.DOWN, ref, ANY, ANY, ANY), 1000)
  t.is(whereis("reg_exit"), nil, "the name is freed when the process exits")
  t.ok(not contains(registered(), "reg_exit"), "and leaves registered()")
  t.raises(function() send("reg_exit", 1) end, "reg_exit", "sending to it now raises")
  local q = spawn(server)
  t.is(register("reg_exit", q), true, "the name can be taken again")

  local k, rk = spawn_monitor(function() receive() end)
  register("reg_killed", k)
  exit(k, "kill")
  receive(T(A.DOWN, rk, ANY, ANY, ANY), 1000)
  t.is(whereis("reg_killed"), nil, "a killed process's name is freed too")

  local c, rc = spawn_monitor(function() receive(); error("crash", 0) end)
  register("reg_crashed", c)
  send(c, 1)
  receive(T(A.DOWN, rc, ANY, ANY, ANY), 1000)
  t.is(whereis("reg_crashed"), nil, "and a crashed process's")
  send(q, A.stop)
end

do -- registering oneself, and registered() sorted
  register("reg_main", me)
  t.is(whereis("reg_main"), me, "a process can register itself")
  send("reg_main", "to myself")
  t.is(receive("to myself", 1000), "to myself", "and receive messages sent to its name")
  local names = registered()
  local sorted = true
  for i = 2, #names do if names[i - 1] > names[i] then sorted = false end end
  t.ok(sorted, "registered() is sorted")
  for _, n in ipairs(names) do
    if type(n) ~= "string" then t.ok(false, "registered() holds strings"); break end
  end
  unregister("reg_main")
end

t.done()

-- Chapter 12 learning exercises (seed 004_01a4f6805bed991c.txt),
-- Integration Exercise 3: the distributed lock manager. acquire sets
-- :global.set_lock({resource, self()}, [node() | Node.list()], timeout);
-- release is :global.del_lock; with_lock runs fun under the lock and
-- releases it after, even when fun raises. In Lua the lock id is
-- tuple(resource, self()) and set_lock's third argument is Erlang's
-- Retries (the seed calls it timeout). The code is kata 35's
-- (katas/35_lock_manager.lua): the guide has the learner load their own;
-- self-running loads scripts/lib/demo/lock_manager.lua. The seed's usage, LockManager.with_lock(:database, fn ->
-- IO.puts("I have exclusive access") end), runs on node2 while node1 holds
-- the lock; then a holder dies without releasing, and the lock is free.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/35_lock_manager.lua" }, "lock_manager.lua")
local LOAD = code.load("type(with_lock)")

local function loaded(t) return t == "function" end

drill.run {
  title = "Integration Exercise 3: a distributed lock manager",
  seed = "004_01a4f6805bed991c.txt, Integration Exercises, Exercise 3: Distributed Lock Manager",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load LockManager on node1: " .. code.whose .. ".",
      on = "node1", type = LOAD, expect = [["function"]], check = loaded },
    { say = "And on node2.", on = "node2", type = LOAD, expect = [["function"]], check = loaded },
    { say = "On node1: take the lock on :database. The shell process holds it.",
      on = "node1", type = [[held = acquire(atom.database); return held]],
      expect = "{:ok, {:database, <0.NN.0>}}",
      check = function(r) return typeof(r) == "tuple" and r[1] == atom.ok end },
    { say = "On node2: try for it, 3 more tries only. node1 holds it: {:error, :timeout}.",
      on = "node2", type = [[acquire(atom.database, 3)]], expect = "{:error, :timeout}",
      check = "{:error, :timeout}" },
    { say = "On node2: the seed's usage, in a process of its own, since it waits for the lock (retries nil: for ever). It sends with_lock's result to the shell.",
      on = "node2", type = [[me = self()
return spawn(function()
  send(me, with_lock(atom.database, function()
    print("I have exclusive access")
    return "critical work done"
  end))
end)]], expect = "<...>, and nothing printed yet: node1 holds the lock",
      check = function(p) return typeof(p) == "pid" end },
    { say = "On node1: release it. node2's process gets the lock at its next try, prints, and releases it.",
      on = "node1", type = [[release(held[2])]], expect = "true", check = "true" },
    { say = "On node2: with_lock's result (\"I have exclusive access\" was printed on node2 before it).",
      on = "node2", type = [[receive(2000)]], expect = [["critical work done"]],
      check = function(r) return r == "critical work done" end },
    { say = "A holder that dies: on node1, a process takes :printer and never releases it.",
      on = "node1", type = [[holder = spawn(function()
  acquire(atom.printer)
  print("holder has the printer")
  receive()
end)]], expect = "<...>", output = "holder has the printer" },
    { say = "On node2: with_lock on :printer waits.",
      on = "node2", type = [[spawn(function()
  send(me, with_lock(atom.printer, function() return "node2 has the printer" end))
end)
return acquire(atom.printer, 3)]], expect = "{:error, :timeout}: still held",
      check = "{:error, :timeout}" },
    { say = "On node1: kill the holder. global watches lock holders: a dead one's locks go, and node2's waiter runs.",
      on = "node1", type = [[exit(holder, "kill")]], expect = "true", check = "true" },
    { say = "On node2: the waiter ran.",
      on = "node2", type = [[receive(2000)]], expect = [["node2 has the printer"]],
      check = function(r) return r == "node2 has the printer" end },
  },
}

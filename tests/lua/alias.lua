-- alias.lua: process aliases (vm/alias.c). alias() is a reference that is
-- also an address of the process that made it: a message sent to it
-- arrives while it is active; after unalias, or once the process has
-- ended, it is dropped. Only the owner can unalias it. (Across nodes:
-- tests/dist/messages.sh; server.call's use of it: server.lua.)
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

local a = alias()
t.is(typeof(a), "ref", "alias() returns a reference")
send(a, "hi")
t.is(receive(0), "hi", "a message sent to an active alias arrives")
spawn(function() send(a, T("from", self())) end)
local m = receive(1000)
t.ok(typeof(m) == "tuple" and m[1] == "from", "... from another process too")
t.is(unalias(a), true, "unalias(own active alias): true")
send(a, "late")
t.is(receive(50), nil, "after unalias the message is dropped")
t.is(unalias(a), false, "unalias again: false")
t.is(unalias(make_ref()), false, "unalias of a plain reference: false")

-- another process's alias: it cannot drop it; it goes when that one ends
local other = spawn(function()
  local b = alias()
  send(me, T(A.alias, b))
  local got = receive()
  send(me, T(A.got, got))
  receive()
end)
local b = receive(T(A.alias, ANY), 1000)[2]
t.is(unalias(b), false, "unalias of another process's alias: false")
send(b, "to other")
t.is(receive(T(A.got, ANY), 1000), T(A.got, "to other"), "... and it still reaches that process")
exit(other, "kill")
sleep(20)
t.lives(function() send(b, "to the dead") end,
        "a send to the alias of a process that ended does not raise")
t.is(receive(50), nil, "... and nothing comes back")

t.raises(function() send(nil, 1) end, "or alias", "send's error names aliases among what it takes")
t.done()

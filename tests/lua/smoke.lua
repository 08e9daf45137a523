-- the first behaviour test: a message goes to a process and comes back.
local t = dofile("tests/lib/tap.lua")
local me = self()
local p = spawn(function() local m = receive(); send(me, {echo = m}) end)
send(p, "hi")
t.is(receive(1000), {echo = "hi"}, "a message goes there and back")
t.done()

-- global on a node with no name: it works, among this one node, as
-- Erlang's global does on a node that is not distributed (its server
-- starts at the first call that needs it).
local t = dofile("tests/lib/tap.lua")
local p = spawn(function() receive() end)
t.is(global.register_name("boss", p), true, "register_name on a node with no name")
t.is(global.whereis_name("boss"), p, "whereis_name finds it")
t.is(global.whereis_name(atom.boss), p, "atom.boss and \"boss\" are one name")
local ok, why = global.register_name("boss", self())
t.is(ok, false, "a taken name: false")
t.ok(why and why:find("already registered", 1, true), "... and why")
t.is(global.registered_names()[1], "boss", "registered_names lists it")
t.is(global.trans("res", function() return 42 end), 42, "trans runs the function under the lock")
t.is(global.set_lock({"res", self()}, nil, 0), true, "set_lock takes a free lock")
t.is(global.del_lock({"res", self()}), true, "del_lock")
exit(p, "kill")
for _ = 1, 100 do                        -- the server hears the DOWN soon
  if global.whereis_name("boss") == nil then break end
  sleep(10)
end
t.is(global.whereis_name("boss"), nil, "the name goes when its process dies")
t.done()

-- values.lua: the VM's value types. Atoms are interned (atom.x ==
-- atom"x", rawequal too) and atom"true"/"false"/"nil" are Lua's values;
-- tostring forms (:ok, :"hello world", <0.N.0>, #Ref<...>, {..}); tuples
-- index from 1, have #t and t.n, are immutable and compare by value;
-- typeof tells every kind apart; make_ref is unique.
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

---------------------------------------------------------------- atoms
do
  t.ok(atom.x == atom"x", "atom.x == atom\"x\"")
  t.ok(rawequal(atom.x, atom("x")), "atoms are interned: one value per name")
  t.ok(atom.x ~= atom.y, "different names, different atoms")
  t.ok(atom.x ~= "x", "an atom is not the string")
  t.ok(atom(atom.x) == atom.x, "atom(an atom) is that atom")
  t.is(atom"true", true, "atom\"true\" is true")
  t.is(atom"false", false, "atom\"false\" is false")
  t.is(atom"nil", nil, "atom\"nil\" is nil")
  t.is(select("#", atom"nil"), 1, "atom\"nil\" is one value")
  t.is(atom_name(atom.hello), "hello", "atom_name gives the name back")
  local tbl = {[atom.k] = 1}
  t.is(tbl[atom"k"], 1, "atoms work as table keys")
  t.is(tostring(atom.ok), ":ok", "tostring(atom.ok) is :ok")
  t.is(tostring(atom.EXIT), ":EXIT", "tostring(atom.EXIT) is :EXIT")
  t.is(tostring(atom"hello world"), ':"hello world"', "an atom with a space is quoted")
  t.is(tostring(atom"ok?"), ":ok?", "a trailing ? needs no quotes")
  t.is(tostring(atom"node@host"), ":node@host", "@ needs no quotes")
  t.is(tostring(atom"1abc"), ':"1abc"', "a leading digit needs quotes")
  t.is(tostring(atom""), ':""', "the empty atom is quoted")
  t.raises(function() return atom(("x"):rep(256)) end, "255", "atom names are at most 255 bytes")
  t.raises(function() return atom(nil) end, "string", "atom(nil) raises")
  t.raises(function() return atom({}) end, "string", "atom({}) raises")
end

---------------------------------------------------------------- tuples
do
  t.is(typeof(T()), "tuple", "tuple() with no elements is a tuple")
  t.is(select("#", T()), 1, "tuple() returns one value")
  local tp = T(1, "two", atom.three)
  t.is(#tp, 3, "#t is the size")
  t.is(tp.n, 3, "t.n is the size")
  t.is(tp[1], 1, "t[1] is the first element")
  t.is(tp[3], atom.three, "t[3] is the last")
  t.is(tp[0], nil, "t[0] is nil")
  t.is(tp[4], nil, "t[4] is nil")
  t.raises(function() tp[1] = 5 end, "immutable", "assigning t[1] raises: tuples are immutable")
  t.raises(function() tp.x = 5 end, "immutable", "assigning t.x raises too")
  t.is(tp[1], 1, "and the tuple is unchanged")
  t.raises(function() return tp.foo end, "foo", "t.foo raises, naming the field")

  t.ok(T(1, 2) == T(1, 2), "tuples compare by value")
  t.ok(T(1, T(atom.a, "b")) == T(1, T(atom.a, "b")), "nested tuples compare by value")
  t.ok(T(1, 2) ~= T(2, 1), "order matters")
  t.ok(T(1, 2) ~= T(1, 2, 3), "size matters")
  t.ok(T() == T() and typeof(T()) == "tuple", "empty tuples are equal")
  t.ok(T(1) ~= 1, "a tuple is not its element")
  t.ok(T(1.0) == T(1), "elements compare as Lua values (1.0 == 1)")

  local holes = T(1, nil, 3)
  t.is(#holes, 3, "a tuple can hold nil: its size counts it")
  t.is(holes[2], nil, "and t[2] is nil")
  t.is(select("#", untuple(holes)), 3, "untuple returns every element, nils included")
  local a, b, c = untuple(T(atom.ok, 1, "x"))
  t.ok(a == atom.ok and b == 1 and c == "x", "untuple returns the elements in order")
  t.is({pcall(untuple, T())}, {true}, "untuple of an empty tuple returns nothing")
  t.raises(function() untuple({1, 2}) end, "tuple", "untuple of a table raises")

  t.is(tostring(T(atom.ok, 1)), "{:ok, 1}", "tostring of a tuple")
  t.is(tostring(T("s", T())), '{"s", {}}', "strings are quoted, tuples nest")
  local inner = {1}
  local ti = T(inner)
  inner[1] = 2
  t.is(ti[1][1], 2, "a tuple holds its table by reference (only sending copies)")
end

---------------------------------------------------------------- pids and refs
do
  local s = tostring(me)
  t.ok(s:match("^<0%.%d+%.0>$") ~= nil, "tostring of a pid is <0.N.0> (" .. s .. ")")
  local p = spawn(function() end)
  t.ok(tostring(p) ~= s, "another process has another pid")
  t.ok(p ~= me, "pids compare by identity")
  t.ok(self() == me, "self() is always the same pid")

  local r = make_ref()
  t.ok(tostring(r):match("^#Ref<%d+%.%d+%.%d+%.%d+>$") ~= nil,
       "tostring of a ref is #Ref<a.b.c.d> (" .. tostring(r) .. ")")
  local seen, dup = {}, false
  for _ = 1, 1000 do
    local k = tostring(make_ref())
    if seen[k] then dup = true end
    seen[k] = true
  end
  t.ok(not dup, "1000 make_ref() are all different")
  t.ok(make_ref() ~= make_ref(), "two refs are not equal")
  t.ok(r == r, "a ref equals itself")
  send(me, r)
  t.ok(receive(0) == r, "a ref equals itself after a trip through the mailbox")
end

---------------------------------------------------------------- typeof
do
  local cases = {
    {atom.x, "atom"}, {T(1), "tuple"}, {T(), "tuple"}, {me, "pid"},
    {make_ref(), "ref"}, {ANY, "any"}, {1, "number"}, {1.5, "number"},
    {"s", "string"}, {{}, "table"}, {print, "function"}, {function() end, "function"},
    {true, "boolean"}, {false, "boolean"}, {coroutine.create(function() end), "thread"},
    {io.stdout, "userdata"},
  }
  for _, c in ipairs(cases) do
    t.is(typeof(c[1]), c[2], "typeof(" .. tostring(c[1]) .. ") is " .. c[2])
  end
  t.is(typeof(nil), "nil", "typeof(nil) is nil")
  t.raises(function() typeof() end, "value expected", "typeof() with no argument raises")
  t.is(tostring(ANY), "ANY", "tostring(ANY) is ANY")
  t.is(getmetatable(atom.x), false, "the metatable of an atom is protected")
  t.is(getmetatable(T()), false, "the metatable of a tuple is protected")
end

t.done()

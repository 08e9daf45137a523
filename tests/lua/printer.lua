-- printer.lua: how the shell shows values (repl/lua/printer.lua). An empty
-- table is [], what it is on the wire (an empty list), never {}, which reads
-- as Elixir's empty tuple; the empty tuple is tuple().
local t = dofile("tests/lib/tap.lua")
local printer = require "repl.printer"
local repr = function(v) return printer.repr(v, {color = false}) end

t.is(repr({}), "[]", "an empty table prints as [] (an empty list on the wire)")
t.is(repr(tuple()), "tuple()", "the empty tuple prints as tuple()")
t.is(repr(tuple(atom.ok, {})), "{:ok, []}", "an empty table inside a tuple is []")
t.is(repr({1, {}, {x = {}}}), "[1, [], {x = []}]", "empty tables nested in lists and maps are []")
t.is(repr({[{}] = 1}), "{[[]] = 1}", "an empty table as a key is [] too")
t.is(printer.repr_results(2, nil, {}), "nil, []", "a failed multicall's empty bad-node list shows as []")
t.is(repr(node.list()), "[]", "node.list() on a node with no connections shows []")
t.is(repr({1, 2, 3}), "[1, 2, 3]", "a sequence is a list")
t.is(repr({x = 1}), "{x = 1}", "any other table is a map in Lua's constructor form")
t.is(repr(tuple(atom.ok, 1)), "{:ok, 1}", "a tuple is {...}")

-- The shell itself prints a chunk's result with the same printer.
local f = assert(io.popen("printf '{}\\ntuple()\\n' | " .. arg[-1] .. " 2>&1"))
local out = f:read("a")
f:close()
t.is(out, "[]\ntuple()\n", "the shell shows {} typed at the prompt as [] and tuple() as tuple()")
t.done()

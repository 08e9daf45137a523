-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): messages cross
-- nodes as :erlang.term_to_binary/binary_to_term, so what arrives is a
-- copy. Our codec is C, with no term_to_binary in Lua; what shows here is
-- its effect: a table and a tuple arrive as copies (changing either side
-- later changes nothing on the other), and a Lua function travels as its
-- bytecode with its upvalues copied, but not the globals it calls. The
-- notes: sending lambdas across nodes is generally a bad idea. An Erlang
-- fun made in a module is a reference to that module's code: on a node
-- without the module, calling it fails with undef (with another version
-- of it, badfun), and :rpc returns {:badrpc, {:EXIT, {:undef, ...}}}
-- (tried in erl here). Ours fails the same way when the function calls a
-- global only the sender has; and an Erlang node cannot run ours at all.
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.1: what crosses the wire is a copy",
  seed = "002_40742fe30838badd.txt, 12.1 (term_to_binary, lambdas across nodes)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "node2's shell takes the name inbox.",
      on = "node2", type = [[register("inbox", self())]], expect = "true", check = "true" },
    { say = "node1 sends a tuple holding a table, then changes its own table.",
      on = "node1", type = [[t = {count = 1, tags = {"a", "b"}}
send(tuple("inbox", "node2@HOST"), tuple(atom.data, t))
t.count = 2
return t.count]],
      expect = "2", check = "2" },
    { say = "node2 got the table as it was when sent: a copy.",
      on = "node2", type = [[m = receive(2000)
return m]],
      expect = [[{:data, {count = 1, tags = ["a", "b"]}}]],
      check = function(m) return typeof(m) == "tuple" and m[1] == atom.data and m[2].count == 1 end },
    { say = "Changing node2's copy does not change node1's table.",
      on = "node2", type = [[m[2].count = 99
return m[2].count]], expect = "99", check = "99" },
    { on = "node1", type = [[t.count]], expect = "2", check = "2" },
    { say = "A function travels as bytecode; its upvalue k (a local) is copied with it. Here node1 changes k after sending: its own f now multiplies by 1000.",
      on = "node1", type = [[local k = 10
f = function(x) return x * k end
send(tuple("inbox", "node2@HOST"), f)
k = 1000
return f(4)]], expect = "4000", check = "4000" },
    { say = "node2 runs its copy: it multiplies by 10, the k it was sent with.",
      on = "node2", type = [[g = receive(2000)
return g(4)]], expect = "40", check = "40" },
    { say = "Why lambdas across nodes are a bad idea: a function carries its upvalues, not the globals it calls. node1 defines a global scale, and sends a function that calls it.",
      on = "node1", type = [[function scale(x) return x * 10 end
send(tuple("inbox", "node2@HOST"), function(x) return scale(x) end)
return scale(4)]], expect = "40", check = "40" },
    { say = "node2 has no scale: its copy fails when called (as an Erlang fun whose module node2 lacks fails with undef).",
      on = "node2", type = [[h = receive(2000)
return pcall(h, 4)]], expect = [[false, "stdin:2: attempt to call a nil value (global 'scale')"]],
      check = function(ok, why)
        return ok == false and tostring(why):find("global 'scale'", 1, true) ~= nil, "an error naming the global scale"
      end },
    { say = "The same through rpc.call: the call fails on node2, and node1 gets a badrpc (erl: {:badrpc, {:EXIT, {:undef, ...}}}).",
      on = "node1", type = [[rpc.call("node2@HOST", function() return scale(4) end)]],
      expect = [[nil, {:badrpc, {:EXIT, {"stdin:1: attempt to call a nil value (global 'scale')", [...]}}}]],
      check = function(v, why)
        return v == nil and typeof(why) == "tuple" and why[1] == atom.badrpc
          and require("repl.printer").repr(why, {color = false}):find("global 'scale'", 1, true) ~= nil,
          "a badrpc naming the global scale"
      end },
  },
}

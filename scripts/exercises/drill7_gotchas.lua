-- Learning exercises, Drill 7: distribution gotchas (seed
-- 004_01a4f6805bed991c.txt). Lambdas versus module-function-arguments
-- (and how a lambda fails on a node without the code it calls), what a pid
-- says about where it lives, what a 10 MB message costs, and what a wrong
-- cookie does to a connect.
-- Elixir -> Lua: Node.spawn(n, IO, :puts, ["..."]) is node.spawn(n, "_G",
-- "print", {"..."}) (print is a global function: its module is _G); a pid
-- prints as erl prints it, <0.123.0> (iex: #PID<0.123.0>); Kernel.node(pid)
-- is node_of(pid);
-- :binary.copy("x", 10_000_000) is string.rep("x", 10000000);
-- Node.get_cookie() is node.get_cookie(), Node.set_cookie(n, c) is
-- node.set_cookie(n, c); a connect that fails is false and why.
--   repl scripts/exercises/drill7_gotchas.lua            runs it by itself
--   repl --sname node1 -i scripts/exercises/drill7_gotchas.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

-- nil and {badrpc, {EXIT, why}}, why naming the global greeting.
local function badrpc_greeting(v, why)
  local said = require("repl.printer").repr(why, {color = false})
  return v == nil and typeof(why) == "tuple" and why[1] == atom.badrpc and typeof(why[2]) == "tuple"
    and why[2][1] == atom.EXIT and said:find("greeting", 1, true) ~= nil, "a badrpc naming greeting"
end

drill.run {
  title = "Learning exercises, Drill 7: distribution gotchas",
  seed = "004_01a4f6805bed991c.txt, Drill 7",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "Connect node1 to node2 (node3 stays apart, for the cookie part).",
      on = "node1", type = [[node.connect("node2@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "A lambda spawned on node2 (the seed's shell lambda). It prints here: the process's group leader is node1's shell.",
      on = "node1", type = [[node.spawn("node2@HOST", function() print("Works in shell") end)]],
      check = function(p) return typeof(p) == "pid" and node_of(p) == at("node2") end,
      output = "Works in shell" },
    { say = "The same with module, function and arguments (MFA): node2 runs its own print, named, not carried.",
      on = "node1", type = [[node.spawn("node2@HOST", "_G", "print", {"Always works"})]],
      check = function(p) return typeof(p) == "pid" and node_of(p) == at("node2") end,
      output = "Always works" },
    { say = "Why lambdas are BAD. In Erlang a fun defined in a module carries only a reference to its module's code: on a node without that module, running it fails with undef (through :rpc, {:badrpc, {:EXIT, {:undef, ...}}}; with another version of the module, badfun). A shell lambda works because the shell's interpreter is on every node. A Lua function travels as its bytecode, upvalues copied, but not the globals it calls: those are looked up on the node that runs it. So the same failure here is a global only node1 has. Define one on node1:",
      on = "node1", type = [[function greeting() return "hello from node1's code" end
return greeting()]], expect = [["hello from node1's code"]], check = [["hello from node1's code"]] },
    { say = "Run a lambda that calls it on node2, with rpc.call: node2 has no greeting, so the call fails there, and rpc.call says so: nil and {:badrpc, {:EXIT, why}}.",
      on = "node1", type = [[rpc.call("node2@HOST", function() return greeting() end)]],
      expect = [[nil, {:badrpc, {:EXIT, {"stdin:1: attempt to call a nil value (global 'greeting')", [...]}}}]],
      check = badrpc_greeting },
    { say = "Spawned on node2 instead, the process crashes there, of the same error (Erlang's spawned fun exits with undef). A monitor shows its reason.",
      on = "node1", type = [[p = node.spawn("node2@HOST", function() sleep(200); print(greeting()) end)
ref = monitor(p)
return receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 3000)]],
      expect = [[{:DOWN, #Ref<...>, :process, <N.NN.0>, "stdin:1: attempt to call a nil value (global 'greeting')"}]],
      check = function(m)
        return typeof(m) == "tuple" and m[1] == atom.DOWN and node_of(m[4]) == at("node2")
          and tostring(m[5]):find("global 'greeting'", 1, true) ~= nil, "a DOWN from node2 naming greeting"
      end },
    { say = "MFA is no cure: it names code, and node2 must have it. greeting by name fails there with undef, as a missing module's function does in erl; IO.puts always works because every node has IO.",
      on = "node1", type = [[rpc.call("node2@HOST", "_G", "greeting", {})]],
      expect = [[nil, {:badrpc, {:EXIT, {:undef, [{:_G, :greeting, [], []}]}}}]], check = badrpc_greeting },
    { say = "What cannot travel here: a lambda whose upvalues are not data (an open file, a coroutine). The send fails at once, in the sender.",
      on = "node1", type = [[
local f = io.open("/dev/null")
return pcall(node.spawn, "node2@HOST", function() f:write("x") end)]],
      expect = "false, and why",
      check = function(ok, why) return ok == false and why ~= nil end },
    { say = "PID representation: a local process's pid starts with 0 (iex shows #PID<0.123.0>, repl and erl <0.123.0>).",
      on = "node1", type = [[local_pid = self(); return local_pid]],
      expect = "<0.NN.0>", check = "<0." },
    { say = "A remote pid (Kernel.self on node2, through rpc: the pid of the process that ran the call there) starts with another number, not 0: here the node's index in this node's table of nodes (1, 2, ...; erl and iex print a larger number there, such as <8939.123.0>: only 0 means local).",
      on = "node1", type = [[remote_pid = rpc.call("node2@HOST", "_G", "self", {}); return remote_pid]],
      expect = "<N.NN.0> with N not 0",
      check = function(p)
        return typeof(p) == "pid" and require("repl.printer").repr(p, {color = false}):match("^<0%.") == nil
      end },
    { say = "Which node a pid lives on: node_of (Kernel.node(pid)).",
      on = "node1", type = [[return node_of(local_pid), node_of(remote_pid)]],
      expect = [["node1@HOST", "node2@HOST"]],
      check = function(a, b) return a == at("node1") and b == at("node2") end },
    { say = "Message size: a 10 MB binary, sent to a process on node2 that answers with the size it got. It is copied, encoded, sent over TCP and decoded: large messages are expensive, and they hold up the messages behind them on the same connection.",
      on = "node1", type = [[
local echo = node.spawn("node2@HOST", function()
  local m = receive()
  send(m[1], tuple(atom.size, #m[2]))
end)
big_data = string.rep("x", 10000000)
local t0 = os.clock()
send(echo, tuple(self(), big_data))
local m = receive(tuple(atom.size, ANY), 10000)
print(("10 MB sent to node2 in %.0f ms of node1's CPU"):format((os.clock() - t0) * 1000))
return m]],
      expect = "{:size, 10000000}",
      check = function(m) return typeof(m) == "tuple" and m[2] == 10000000 end,
      output = "10 MB sent to node2" },
    { say = "Cookie security: the cookie this node uses (the drill's nodes share one).",
      on = "node1", type = [[node.get_cookie()]], expect = "a string",
      check = function(c) return type(c) == "string" and #c > 0 end },
    { say = "Set a different cookie for node3 only (Node.set_cookie(:node3@localhost, :different_cookie)).",
      on = "node1", type = [[node.set_cookie("node3@HOST", "different_cookie")]],
      check = function() return true end },
    { say = "Connecting to node3 now fails: node3 expects its own cookie, and the handshake does not match. False, and why.",
      on = "node1", type = [[node.connect("node3@HOST")]], expect = "false, and the reason",
      check = function(ok, why) return ok == false and type(why) == "string" end },
    { say = "With the right cookie for node3 again, the connect succeeds.",
      on = "node1", type = [[node.set_cookie("node3@HOST", node.get_cookie()); return node.connect("node3@HOST")]],
      expect = "true", check = function(ok) return ok == true end },
  },
}

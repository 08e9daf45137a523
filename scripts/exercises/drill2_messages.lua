-- Learning exercises, Drill 2: message passing across nodes (seed
-- 004_01a4f6805bed991c.txt). From node1, spawn processes on node2 that
-- send their answer back: a greeting, a sum, a factorial; then spawn on
-- every node and collect; then send a large structure and back.
-- Elixir -> Lua: caller = self() and Node.spawn(:node2@localhost, fn ->
-- send(caller, {:hello, node()}) end) is one input here, since a shell
-- local lives for one input and the function must carry caller with it
-- (it travels to node2 as bytecode with its upvalues copied; a global
-- would be looked up in node2's globals). {:hello, node()} is
-- tuple(atom.hello, node.self()); Enum.sum(1..1_000_000) is a Lua loop;
-- receive do {:result, sum} -> ... end is receive(tuple(atom.result, ANY)).
--   repl scripts/exercises/drill2_messages.lua           runs it by itself
--   repl --sname node1 -i scripts/exercises/drill2_messages.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

drill.run {
  title = "Learning exercises, Drill 2: message passing across nodes",
  seed = "004_01a4f6805bed991c.txt, Drill 2",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "Connect node1 to node2 and node3.",
      on = "node1", type = [[return node.connect("node2@HOST"), node.connect("node3@HOST")]],
      expect = "true, true", check = function(a, b) return a == true and b == true end },
    { say = "Capture the caller's pid and spawn on node2 a process that sends back {:hello, node()}.",
      on = "node1", type = [[
local caller = self()
return node.spawn("node2@HOST", function()
  send(caller, tuple(atom.hello, node.self()))
end)]],
      expect = "a pid of node2's, such as <1.96.0> (its first number is not 0)",
      check = function(p) return typeof(p) == "pid" and node_of(p) == at("node2") end },
    { say = "Check messages: flush() shows what node2's process sent.",
      on = "node1", type = [[flush()]], output = [[{:hello, "node2@HOST"}]] },
    { say = "A remote calculation: node2 sums 1..1_000_000 (Enum.sum is a loop here) and sends {:result, sum}; node1 receives it.",
      on = "node1", type = [[
local caller = self()
node.spawn("node2@HOST", function()
  local result = 0
  for i = 1, 1000000 do result = result + i end
  send(caller, tuple(atom.result, result))
end)
local m = receive(tuple(atom.result, ANY))
print("Sum: " .. m[2])]],
      output = "Sum: 500000500000" },
    { say = "Exercises 1 and 2: a process on node2 computes the factorial of 10 and sends the result back to node1.",
      on = "node1", type = [[
local caller = self()
node.spawn("node2@HOST", function()
  local f = 1
  for i = 2, 10 do f = f * i end
  send(caller, tuple(atom.factorial, node.self(), f))
end)
return receive(tuple(atom.factorial, ANY, ANY), 2000)]],
      expect = [[{:factorial, "node2@HOST", 3628800}]],
      check = function(m) return typeof(m) == "tuple" and m[2] == at("node2") and m[3] == 3628800 end },
    { say = "Exercises 3 and 4: spawn one process on every node of the cluster (this one too) and collect one result from each.",
      on = "node1", type = [=[
local caller = self()
local nodes = {node.self(), table.unpack(node.list())}
for _, n in ipairs(nodes) do
  node.spawn(n, function()
    send(caller, tuple(atom.result, node.self(), #processes()))
  end)
end
local results = {}
for _ = 1, #nodes do
  local m = receive(tuple(atom.result, ANY, ANY), 2000)
  if m then results[m[2]] = m[3] end
end
return results]=],
      expect = [[{["node1@HOST"] = ..., ["node2@HOST"] = ..., ["node3@HOST"] = ...}: each node's count of processes]],
      check = function(r)
        return type(r) == "table" and type(r[at("node1")]) == "number"
          and type(r[at("node2")]) == "number" and type(r[at("node3")]) == "number"
      end },
    { say = "Exercise 5: a large structure (a list of 200,000 numbers) goes to node2 and back. It is copied whole each way (term_to_binary on the wire): it works, and the time it takes grows with its size.",
      on = "node1", type = [[
local big = {}
for i = 1, 200000 do big[i] = i end
local echo = node.spawn("node2@HOST", function()
  local m = receive()
  send(m[1], tuple(atom.back, m[2]))
end)
local t0 = os.clock()
send(echo, tuple(self(), big))
local m = receive(tuple(atom.back, ANY), 10000)
print(("200,000 numbers went to node2 and back in %.0f ms of this node's CPU"):format((os.clock() - t0) * 1000))
return #m[2], m[2][200000], m[2] == big]],
      expect = "200000, 200000, false: every element came back, in a new copy",
      check = function(n, last, same) return n == 200000 and last == 200000 and same == false end,
      output = "went to node2 and back" },
  },
}

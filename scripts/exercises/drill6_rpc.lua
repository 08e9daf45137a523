-- Learning exercises, Drill 6: remote procedure calls (seed
-- 004_01a4f6805bed991c.txt). From node1: a call that runs node.self on
-- node2, a sum on node2, a multicall over every node, and the two
-- failures: a module that does not exist there, and a node that is not up.
-- Elixir -> Lua: :rpc.call(n, Kernel, :node, []) is rpc.call(n, "node",
-- "self", {}) (module and function by name: a module is a global table on
-- the other node); a function may go instead (rpc.call(n, fn, {args})),
-- which is how Enum.sum(1..1000) goes, as a loop. rpc failures are
-- values: {:badrpc, reason} is nil, tuple(atom.badrpc, reason), and the
-- shell prints both. :rpc.multicall(nodes, M, F, A) is rpc.multicall(nodes,
-- "M", "F", {A}): the results, then the nodes that did not answer.
--   repl scripts/exercises/drill6_rpc.lua                runs it by itself
--   repl --sname node1 -i scripts/exercises/drill6_rpc.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

drill.run {
  title = "Learning exercises, Drill 6: remote procedure calls",
  seed = "004_01a4f6805bed991c.txt, Drill 6",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "Connect node1 to node2 and node3.",
      on = "node1", type = [[return node.connect("node2@HOST"), node.connect("node3@HOST")]],
      expect = "true, true", check = function(a, b) return a == true and b == true end },
    { say = "A simple rpc: run node() on node2 (:rpc.call(:node2@localhost, Kernel, :node, [])).",
      on = "node1", type = [[rpc.call("node2@HOST", "node", "self", {})]],
      expect = [["node2@HOST"]], check = function(n) return n == at("node2") end },
    { say = "With arguments: node2 sums 1..1000. Lua has no Enum.sum, so the function goes along with its argument.",
      on = "node1", type = [[
rpc.call("node2@HOST", function(n)
  local sum = 0
  for i = 1, n do sum = sum + i end
  return sum
end, {1000})]],
      expect = "500500", check = function(s) return s == 500500 end },
    { say = "Multi-call to all nodes, this one included. System.schedulers_online has no twin here (a repl node runs one scheduler), so each node says its name: results from all nodes, and no bad node.",
      on = "node1", type = [[rpc.multicall({node.self(), table.unpack(node.list())}, "node", "self", {})]],
      expect = [=[["node1@HOST", "node2@HOST", "node3@HOST"], []]=],
      check = function(r, bad)
        if type(r) ~= "table" or #r ~= 3 or type(bad) ~= "table" or #bad ~= 0 then return false end
        local seen = {}
        for _, n in ipairs(r) do seen[n] = true end
        return seen[at("node1")] and seen[at("node2")] and seen[at("node3")] or false
      end },
    { say = "Error handling: call a module that does not exist on node2. The call fails there, and the failure comes back as a value: {:badrpc, {:EXIT, {:undef, ...}}}.",
      on = "node1", type = [[rpc.call("node2@HOST", "NonExistent", "foo", {})]],
      expect = "nil, {:badrpc, {:EXIT, {:undef, ...}}}",
      check = function(v, e)
        return v == nil and typeof(e) == "tuple" and e[1] == atom.badrpc
          and typeof(e[2]) == "tuple" and e[2][1] == atom.EXIT
      end },
    { say = "Call a node that is not up: {:badrpc, :nodedown}.",
      on = "node1", type = [[rpc.call("offline_node@HOST", "node", "self", {})]],
      expect = "nil, {:badrpc, :nodedown}",
      check = function(v, e) return v == nil and typeof(e) == "tuple" and e[2] == atom.nodedown end },
    { say = "A multicall that includes the offline node: the others answer, the offline one is listed among the bad nodes.",
      on = "node1", type = [[rpc.multicall({"node2@HOST", "offline_node@HOST"}, "node", "self", {})]],
      expect = [=[["node2@HOST"], ["offline_node@HOST"]]=],
      check = function(r, bad) return type(r) == "table" and r[1] == at("node2") and #r == 1
        and type(bad) == "table" and bad[1] == at("offline_node") end },
    { say = "Use cases: metrics collection, here each node's Lua memory in kilobytes (a health check looks the same).",
      on = "node1", type = [[rpc.multicall(function() return math.floor(collectgarbage("count")) end)]],
      expect = "[N, N, N], []: one number per node",
      check = function(r, bad) return type(r) == "table" and #r == 3 and type(r[1]) == "number" and #bad == 0 end },
    { say = "An administrative command: every node prints a line; print goes to the caller's group leader, so the lines show here, on node1, whichever node ran them.",
      on = "node1", type = [[rpc.multicall(function() print("alive: " .. node.self()) end)]],
      output = "alive: node3@HOST" },
  },
}

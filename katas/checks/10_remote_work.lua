-- Checks of katas/10_remote_work.lua (format: katas/README.md).

local function sorted(t) table.sort(t); return t end

-- A list of n numbers with a nested table in the middle: large, and more
-- than flat.
local function big_value(n)
  local t = {}
  for i = 1, n do t[i] = i end
  t[n // 2] = {name = "middle", tags = {"a", "b"}, at = tuple(atom.pos, n // 2)}
  return t
end

return {
  title = "work on other nodes",
  hint = "node.spawn(n, function() ... send(caller, ...) end) runs there; the answer comes back as a message.",
  cluster = {peers = 2},
  checks = {
    {
      name = "remote_sum(n, 1000000) is 500000500000",
      hint = "local caller = self(); spawn on n a loop that adds 1..upto, send tuple(atom.result, sum) to caller; receive it",
      run = function(k)
        return k.same(k.call("remote_sum", k.node(1), 1000000), 500000500000)
      end,
    },
    {
      name = "remote_sum answers for other ranges too",
      run = function(k)
        return k.same(k.call("remote_sum", k.node(2), 1000), 500500)
      end,
    },
    {
      name = "factorial_on(n, 10) is 3628800, and n says it computed it",
      hint = "send back tuple(atom.factorial, f, node.self()): node.self() runs on n there; return m[2], m[3]",
      run = function(k)
        local f, where = k.call("factorial_on", k.node(2), 10)
        if f ~= 3628800 then return false, "3628800", k.show(f) end
        if where ~= k.node(2) then return false, "the node " .. k.node(2), k.show(where) end
        return true
      end,
    },
    {
      name = "sum_everywhere(nodes, 10000) adds up the parts of every node, this one too",
      hint = "spawn one process per node, each sums its share and sends tuple(tag, node.self(), part); receive #nodes answers",
      timeout = 2000,
      run = function(k)
        local nodes = {k.node(1), node.self(), k.node(2)}
        local total, from = k.call("sum_everywhere", nodes, 10000)
        if total ~= 50005000 then return false, "50005000", k.show(total) end
        return k.same(from, sorted({k.node(1), k.node(2), node.self()}))
      end,
    },
    {
      name = "sum_everywhere with one node is that node's sum alone",
      run = function(k)
        local total, from = k.call("sum_everywhere", {k.node(1)}, 100)
        if total ~= 5050 then return false, "5050", k.show(total) end
        return k.same(from, {k.node(1)})
      end,
    },
    {
      name = "round_trip(n, value) brings back a large structure whole, as a copy",
      hint = "spawn on n a process that receives tuple(from, value) and sends value back to from",
      timeout = 3000,
      run = function(k)
        local value = big_value(100000)
        local got = k.call("round_trip", k.node(1), value)
        if type(got) ~= "table" then return false, "a list of 100000 elements", k.show(got) end
        if got == value then return false, "a new copy (messages are copied)", "the very same table" end
        if #got ~= 100000 or got[100000] ~= 100000 then
          return false, "100000 elements, the last 100000", #got .. " elements, the last " .. k.show(got[#got])
        end
        return k.same(got[50000], value[50000])
      end,
    },
  },
}

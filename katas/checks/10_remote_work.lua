-- Checks of katas/10_remote_work.lua (format: katas/README.md).
-- Where the work runs is observed, not taken from the answer: a check
-- pauses the node that must do the work (lib/from_there.lua), and an
-- answer that comes while that node is paused was computed here, echoed
-- from the arguments, or made up; and for heavy work (millions of numbers
-- summed, a large structure copied) the check reads that node's own CPU
-- time before and after (lib/cpu.lua): an answer computed here once the
-- other node has said something (its name, a pong) leaves it unchanged.
-- Inputs are random, so that no answer can be written in advance, and
-- peers are named by atoms at times, so that a name echoed from the
-- argument differs from the one node.self() gives there (a string).

local lib = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local from_there = dofile(lib .. "from_there.lua")
local cpu = dofile(lib .. "cpu.lua")

local function sorted(t) table.sort(t); return t end

local function sum_to(n) return n * (n + 1) // 2 end

-- The numbers from, from + step, ... up to upto, summed by a loop: what
-- the work costs on a node (it travels there: no upvalues).
local function loop_sum(from, upto, step)
  local s = 0
  for i = from, upto, step do s = s + i end
  return s
end

-- What a trip through n costs n: the CPU n spends on an rpc echo of value.
local function echo_cost(n, value)
  local spent = cpu.spent({n}, rpc.call, n, function(v) return v end, {value}, 3000)
  return spent[n]
end

local function factorial(x)
  local f = 1
  for i = 2, x do f = f * i end
  return f
end

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
  hint = {"The work runs on the other node: node.spawn(n, function() ... end), and the answer comes back as a message.",
          "Capture caller = self() before node.spawn; inside the function, send(caller, tuple(atom.result, ...)); then receive."},
  cluster = {peers = 2},
  timeout = 2500,
  checks = {
    {
      name = "remote_sum(n, upto) is computed on n: no answer while n is paused",
      hint = {"Is the sum computed on n, or here? The check pauses n: an answer that comes meanwhile was not made there.",
              "Spawn the loop on n with node.spawn(n, function() ... end); only the message it sends back is the answer.",
              "local caller = self(); node.spawn(n, function() (sum 1..upto) send(caller, tuple(atom.result, sum)) end); receive tuple(atom.result, ANY)"},
      run = function(k)
        local upto = math.random(1000, 5000)
        local r = table.pack(from_there.learner(k, 1, "remote_sum", k.node(1), upto))
        if not r[1] then return false, r[2], r[3] end
        return k.same(r[2], sum_to(upto))
      end,
    },
    {
      name = "remote_sum(n, upto) of millions of numbers: n sums them (its CPU time grows), not this node",
      hint = {"Which node's CPU runs the loop? Asking n something first (its name, a ping) and then summing here is not work done on n.",
              "The seed's Enum.sum(1..1_000_000) runs in the function spawned on n: the loop is inside it. upto is a local of remote_sum: the function carries a copy of it (an upvalue); a global would be looked up on n, where it is not set.",
              "node.spawn(n, function() local result = 0; for i = 1, upto do ... end; send(caller, tuple(atom.result, result)) end)"},
      run = function(k)
        local n, upto = k.node(2), math.random(1500000, 2500000)
        local cost = cpu.cost(n, loop_sum, 1, upto, 1)
        local spent, r = cpu.spent({n}, k.call, "remote_sum", n, upto)
        local same, want, got = k.same(r[1], sum_to(upto))
        if not same then return false, want, got end
        return cpu.did(n, spent[n], cost, "summing 1.." .. upto .. " with a loop")
      end,
    },
    {
      name = "factorial_on(n, x) is x!, computed on n, and n names itself",
      hint = {"Which node runs node.self()? The check pauses n, and gives n as an atom (as Elixir names nodes): the factorial and the name, a string, must come from n.",
              "Call node.self() inside the function you spawn on n (there it is n's name), not before node.spawn (that is this node's).",
              "send(caller, tuple(atom.factorial, f, node.self())) from the spawned function; return m[2], m[3]"},
      run = function(k)
        local x = math.random(10, 20)
        -- n given as an atom (as Elixir names nodes): the name must come from n
        local r = table.pack(from_there.learner(k, 2, "factorial_on", atom(k.node(2)), x))
        if not r[1] then return false, r[2], r[3] end
        if r[2] ~= factorial(x) then return false, factorial(x) .. " (" .. x .. "!)", k.show(r[2]) end
        if r[3] ~= k.node(2) then return false, "the node " .. k.node(2) .. " (node.self() run there)", k.show(r[3]) end
        return true
      end,
    },
    {
      name = "sum_everywhere(nodes, upto) gets a part from every node, this one too, each computed there",
      hint = {"Each node computes its own part, and the answers come back as messages: the check pauses one node, and the total must wait for its part.",
              "Spawn one process per node, each sums its share and sends tuple(tag, node.self(), part); then receive as many answers as processes started.",
              "The node names returned are the ones the answers carry (node.self() on each node), not the list you were given."},
      run = function(k)
        local upto = math.random(5000, 9000)
        local nodes = {atom(k.node(1)), node.self(), atom(k.node(2))}   -- the names must come from the answers
        local r = table.pack(from_there.learner(k, 2, "sum_everywhere", nodes, upto))
        if not r[1] then return false, r[2], r[3] end
        if r[2] ~= sum_to(upto) then return false, tostring(sum_to(upto)), k.show(r[2]) end
        return k.same(r[3], sorted({k.node(1), k.node(2), node.self()}))
      end,
    },
    {
      name = "sum_everywhere(nodes, upto) of millions of numbers: each peer sums its own part (its CPU time grows)",
      hint = {"Whose CPU sums each part? A node that only says its name, while this node sums everything, did no part of the work.",
              "The loop over a node's share runs inside the function spawned on that node; only the part travels back."},
      timeout = 3000,
      run = function(k)
        local upto = math.random(3600000, 4500000)
        local nodes = {k.node(1), node.self(), k.node(2)}
        local share = cpu.cost(k.node(1), loop_sum, 1, upto, #nodes)
        local spent, r = cpu.spent({k.node(1), k.node(2)}, k.call, "sum_everywhere", nodes, upto)
        if r[1] ~= sum_to(upto) then return false, tostring(sum_to(upto)), k.show(r[1]) end
        for _, n in ipairs({k.node(1), k.node(2)}) do
          local ok, want, got = cpu.did(n, spent[n], share, "summing a third of 1.." .. upto)
          if not ok then return false, want, got end
        end
        return true
      end,
    },
    {
      name = "sum_everywhere with a node that is not running: its part and its name are missing",
      hint = {"Does the list of nodes that sent a part come from the answers, or from the argument? A node that is not running sends nothing.",
              "node.spawn returns nil (and why) for a node it cannot reach: count only the processes that started, and wait for that many answers.",
              "Return the names carried by the answers that came (m[2] of each), sorted, and the sum of their parts."},
      run = function(k)
        local gone = from_there.nobody(k)
        local total, from = k.call("sum_everywhere", {k.node(1), gone}, 100)
        if typeof(from) ~= "table" then return false, "a list of the nodes that answered", k.show(from) end
        for _, n in ipairs(from) do
          if n == gone then return false, "only " .. k.node(1) .. ": " .. gone .. " is not running", k.show(from) end
        end
        if type(total) ~= "number" or total <= 0 or total >= 5050 then
          return false, "the part of " .. k.node(1) .. " alone (less than 5050)", k.show(total)
        end
        return k.same(from, {k.node(1)})
      end,
    },
    {
      name = "round_trip(n, value) goes through a process on n: nothing comes back while n is paused",
      hint = {"Does the value travel to n and back, or does it stay here? The check pauses n.",
              "Spawn the echo with node.spawn(n, ...), send it tuple(self(), value), and receive what it sends back."},
      run = function(k)
        local value = {math.random(1, 1e6), "x", tuple(atom.tag, math.random(1, 1e6))}
        local r = table.pack(from_there.learner(k, 1, "round_trip", k.node(1), value))
        if not r[1] then return false, r[2], r[3] end
        return k.same(r[2], value)
      end,
    },
    {
      name = "round_trip(n, value) brings back a large structure whole, as a copy that went through n (its CPU time grows)",
      hint = {"A message is copied (term_to_binary on the wire): what comes back is a new table, made by the trip through n, not by a copy made here.",
              "spawn on n a process that receives tuple(from, value) and sends value back to from: n decodes the value and encodes it again, and its CPU shows it."},
      timeout = 3000,
      run = function(k)
        local n, value = k.node(1), big_value(100000)
        local cost = echo_cost(n, value)
        local spent, r = cpu.spent({n}, k.call, "round_trip", n, value)
        local got = r[1]
        if type(got) ~= "table" then return false, "a list of 100000 elements", k.show(got) end
        if got == value then return false, "a new copy (messages are copied)", "the very same table" end
        if #got ~= 100000 or got[100000] ~= 100000 then
          return false, "100000 elements, the last 100000", #got .. " elements, the last " .. k.show(got[#got])
        end
        local same, want, shown = k.same(got[50000], value[50000])
        if not same then return false, want, shown end
        if got[50000] == value[50000] then
          return false, "a new copy down to the table nested in the middle (a message is copied whole)", "the very same nested table"
        end
        return cpu.did(n, spent[n], cost, "100000 elements received and sent back")
      end,
    },
  },
}

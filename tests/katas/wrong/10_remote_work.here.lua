-- wrong: the answer is what matters, so computing it here is as good as on n
-- fails: remote_sum(n, upto) is computed on n: no answer while n is paused
-- fails: remote_sum(n, upto) of millions of numbers: n sums them (its CPU time grows), not this node
-- fails: factorial_on(n, x) is x!, computed on n, and n names itself
-- fails: sum_everywhere(nodes, upto) gets a part from every node, this one too, each computed there
-- fails: sum_everywhere with a node that is not running: its part and its name are missing
-- fails: round_trip(n, value) goes through a process on n: nothing comes back while n is paused

local function sum(from, to)
  local s = 0
  for i = from, to do s = s + i end
  return s
end

function remote_sum(n, upto) return sum(1, upto) end

function factorial_on(n, x)
  local f = 1
  for i = 2, x do f = f * i end
  return f, n
end

function sum_everywhere(nodes, upto)
  local names = {table.unpack(nodes)}
  table.sort(names)
  return sum(1, upto), names
end

function round_trip(n, value)
  -- a copy, as a message would be
  local function copy(v)
    if typeof(v) ~= "table" then return v end
    local t = {}
    for key, x in pairs(v) do t[key] = copy(x) end
    return t
  end
  return copy(value)
end

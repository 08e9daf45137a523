-- wrong: the other node only has to take part; once it has answered, the work can be done here
-- fails: remote_sum(n, upto) of millions of numbers: n sums them (its CPU time grows), not this node
-- fails: sum_everywhere(nodes, upto) of millions of numbers: each peer sums its own part (its CPU time grows)
-- fails: round_trip(n, value) brings back a large structure whole, as a copy that went through n (its CPU time grows)
-- (it waits for n's answer, so pausing n alone does not tell; factorial_on is the
-- reference's: twenty multiplications leave nothing to see on n)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

-- n's own name, asked of n (nil when n does not answer)
local function ask(n)
  local name = rpc.call(n, node.self, {}, 1000)
  if type(name) == "string" then return name end
end

local function sum(from, to, step)
  local s = 0
  for i = from, to, step or 1 do s = s + i end
  return s
end

function remote_sum(n, upto)
  if ask(n) then return sum(1, upto) end
end

function sum_everywhere(nodes, upto)
  local from, total = {}, 0
  for i, n in ipairs(nodes) do
    local name = ask(n)
    if name then
      from[#from + 1] = name
      total = total + sum(i, upto, #nodes)
    end
  end
  table.sort(from)
  return total, from
end

function round_trip(n, value)
  if ask(n) then return table.move(value, 1, #value, 1, {}) end   -- a new table, as a message is
end

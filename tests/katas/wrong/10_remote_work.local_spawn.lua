-- wrong: any spawned process will do; the node only matters for the name it reports
-- fails: remote_sum(n, upto) is computed on n: no answer while n is paused
-- fails: remote_sum(n, upto) of millions of numbers: n sums them (its CPU time grows), not this node
-- fails: sum_everywhere(nodes, upto) gets a part from every node, this one too, each computed there
-- fails: sum_everywhere(nodes, upto) of millions of numbers: each peer sums its own part (its CPU time grows)
-- fails: sum_everywhere with a node that is not running: its part and its name are missing
-- fails: round_trip(n, value) goes through a process on n: nothing comes back while n is paused
-- fails: round_trip(n, value) brings back a large structure whole, as a copy that went through n (its CPU time grows)
-- (factorial_on is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function remote_sum(n, upto)
  local caller = self()
  spawn(function()
    local result = 0
    for i = 1, upto do result = result + i end
    send(caller, tuple(atom.result, result))
  end)
  local m = receive(tuple(atom.result, ANY), 1000)
  return m and m[2]
end

function sum_everywhere(nodes, upto)
  local caller, count = self(), #nodes
  for i, n in ipairs(nodes) do
    spawn(function()
      local part = 0
      for k = 1, upto do
        if k % count == i - 1 then part = part + k end
      end
      send(caller, tuple(atom.part, n, part))
    end)
  end
  local total, from = 0, {}
  for _ = 1, count do
    local m = receive(tuple(atom.part, ANY, ANY), 1000)
    if not m then break end
    total = total + m[3]
    from[#from + 1] = m[2]
  end
  table.sort(from)
  return total, from
end

function round_trip(n, value)
  local echo = spawn(function()
    local m = receive()
    send(m[1], tuple(atom.back, m[2]))
  end)
  send(echo, tuple(self(), value))
  local m = receive(tuple(atom.back, ANY), 2000)
  return m and m[2]
end

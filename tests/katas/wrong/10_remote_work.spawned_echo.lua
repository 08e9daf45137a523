-- wrong: a pid from node.spawn means n has the work in hand, so its name is the n I gave it
-- fails: factorial_on(n, x) is x!, computed on n, and n names itself
-- fails: sum_everywhere(nodes, upto) gets a part from every node, this one too, each computed there
-- (remote_sum and round_trip are the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function factorial_on(n, x)
  local caller = self()
  if not node.spawn(n, function()
    local f = 1
    for i = 2, x do f = f * i end
    send(caller, tuple(atom.factorial, f))
  end) then return nil end
  local m = receive(tuple(atom.factorial, ANY), 1000)
  if m then return m[2], n end
end

function sum_everywhere(nodes, upto)
  local caller, count, from = self(), #nodes, {}
  for i, n in ipairs(nodes) do
    if node.spawn(n, function()
      local part = 0
      for k = i, upto, count do part = part + k end
      send(caller, tuple(atom.part, part))
    end) then from[#from + 1] = n end
  end
  local total = 0
  for _ = 1, #from do
    local m = receive(tuple(atom.part, ANY), 1000)
    if not m then break end
    total = total + m[2]
  end
  table.sort(from)
  return total, from
end

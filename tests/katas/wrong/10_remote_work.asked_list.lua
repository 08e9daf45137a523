-- wrong: the nodes that sent a part are the nodes I asked, and a part that does not come is zero
-- fails: sum_everywhere with a node that is not running: its part and its name are missing
-- (the rest is the reference's; sum_everywhere is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function sum_everywhere(nodes, upto)
  local caller, count = self(), #nodes
  for i, n in ipairs(nodes) do
    node.spawn(n, function()
      local part = 0
      for k = 1, upto do
        if k % count == i - 1 then part = part + k end
      end
      send(caller, tuple(atom.part, part))
    end)
  end
  local total = 0
  for _ = 1, count do
    local m = receive(tuple(atom.part, ANY), 300)
    if m then total = total + m[2] end
  end
  local from = {table.unpack(nodes)}
  table.sort(from)
  return total, from
end

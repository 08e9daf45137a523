-- The reference solution of katas/10_remote_work.lua (make test grades
-- it: every check must pass).

function remote_sum(n, upto)
  local caller = self()
  node.spawn(n, function()
    local result = 0
    for i = 1, upto do result = result + i end
    send(caller, tuple(atom.result, result))
  end)
  local m = receive(tuple(atom.result, ANY), 1000)
  return m and m[2]
end

function factorial_on(n, x)
  local caller = self()
  node.spawn(n, function()
    local f = 1
    for i = 2, x do f = f * i end
    send(caller, tuple(atom.factorial, f, node.self()))
  end)
  local m = receive(tuple(atom.factorial, ANY, ANY), 1000)
  if m then return m[2], m[3] end
end

function sum_everywhere(nodes, upto)
  local caller, count, started = self(), #nodes, 0
  for i, n in ipairs(nodes) do
    local pid = node.spawn(n, function()
      local part = 0
      for k = i, upto, count do part = part + k end   -- every count-th number from i
      send(caller, tuple(atom.part, node.self(), part))
    end)
    if pid then started = started + 1 end   -- nil: n cannot be reached
  end
  local total, from = 0, {}
  for _ = 1, started do
    local m = receive(tuple(atom.part, ANY, ANY), 1000)
    if not m then break end
    total = total + m[3]
    from[#from + 1] = m[2]
  end
  table.sort(from)
  return total, from
end

function round_trip(n, value)
  local echo = node.spawn(n, function()
    local m = receive()
    send(m[1], tuple(atom.back, m[2]))
  end)
  send(echo, tuple(self(), value))
  local m = receive(tuple(atom.back, ANY), 2000)
  return m and m[2]
end

-- The reference solution of katas/31_fan_out.lua (make test grades it:
-- every check must pass).

function broadcast(message)
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  for _, n in ipairs(nodes) do send(tuple("my_server", n), message) end
end

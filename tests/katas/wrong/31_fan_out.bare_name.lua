-- wrong: a registered name reaches that process on whichever node, so send("my_server", m) once per node
-- fails: broadcast(msg) reaches my_server here and on the connected peer, once each

function broadcast(message)
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  for _ = 1, #nodes do send("my_server", message) end
end

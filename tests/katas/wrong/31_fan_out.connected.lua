-- wrong: every connected node is part of the cluster, hidden ones too (node.list("connected"))
-- fails: a hidden node is not one of the cluster's nodes: broadcast leaves it out

function broadcast(message)
  local nodes = node.list("connected")
  table.insert(nodes, 1, node.self())
  for _, n in ipairs(nodes) do send(tuple("my_server", n), message) end
end

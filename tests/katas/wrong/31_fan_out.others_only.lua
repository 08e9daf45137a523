-- wrong: node.list() is every node of the cluster, this one included
-- fails: broadcast(msg) reaches my_server here and on the connected peer, once each

function broadcast(message)
  for _, n in ipairs(node.list()) do send(tuple("my_server", n), message) end
end

-- wrong: node.list("known") less the hidden nodes is the cluster: every node this one has met, itself included
-- fails: a node that left (disconnected) gets nothing: broadcast does not bring it back
function broadcast(message)
  local hidden = {}
  for _, n in ipairs(node.list("hidden")) do hidden[n] = true end
  for _, n in ipairs(node.list("known")) do
    if not hidden[n] then send(tuple("my_server", n), message) end
  end
end

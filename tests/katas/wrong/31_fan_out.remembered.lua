-- wrong: a node once in the cluster stays a member: remember every node node.list() ever gave
-- fails: a node that left (disconnected) gets nothing: broadcast does not bring it back
local members = {}
function broadcast(message)
  members[node.self()] = true
  for _, n in ipairs(node.list()) do members[n] = true end
  for n in pairs(members) do send(tuple("my_server", n), message) end
end

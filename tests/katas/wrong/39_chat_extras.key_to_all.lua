-- wrong: every node of the cluster must be able to relay the room, so each gets the room's key
-- fails: secure_room("secret", {node1, node2}) on node1: both have the same fresh key; this node has none
-- (the rest is the reference's; secure_room is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

local give = secure_room
function secure_room(room, _nodes)
  local everyone = node.list()
  table.insert(everyone, node.self())
  return give(room, everyone)
end

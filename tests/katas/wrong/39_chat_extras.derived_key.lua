-- wrong: a key made from the room's name needs no sending: each member derives the same one
-- fails: secure_room("secret", {node1, node2}) on node1: both have the same fresh key; this node has none
-- (the rest is the reference's; the key is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function secure_room(_room, _nodes) return true end

function room_key(room)
  return (room .. "#chat-secret-2024"):rep(2):sub(1, 16)
end

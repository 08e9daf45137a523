-- wrong: the sealed copies can be fire-and-forget: rpc.cast keep_secure to every node
-- fails: secure_post on node1: node2 reads it; every node keeps it, but not the text nor the key; this node cannot read it
-- (the rest is the reference's; secure_post is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function secure_post(room, from, text)
  local key = room_key(room)
  if key == nil then error("no key", 0) end
  local data = encrypt(key, text)
  keep_secure(room, from, data)
  for _, n in ipairs(node.list()) do rpc.cast(n, keep_secure, {room, from, data}) end
  return atom.ok
end

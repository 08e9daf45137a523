-- wrong: the key travels with the message, so every member can decrypt it without a key exchange
-- fails: secure_post on node1: node2 reads it; every node keeps it, but not the text nor the key; this node cannot read it
-- (the rest is the reference's; secure_post and secure_read are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function secure_post(room, from, text)
  local key = room_key(room)
  if key == nil then error("no key for " .. tostring(room), 0) end
  local data = key .. encrypt(key, text)
  keep_secure(room, from, data)
  for _, n in ipairs(node.list()) do rpc.call(n, keep_secure, {room, from, data}, 2000) end
  return atom.ok
end

function secure_read(room)
  if room_key(room) == nil then return nil end
  local out = {}
  for _, e in ipairs(sealed(room)) do
    local key = e.data:sub(1, 16)
    out[#out + 1] = e.from .. ": " .. decrypt(key, e.data:sub(17))
  end
  return out
end

-- wrong: only members can read the room, so what the nodes keep needs no encryption: secure_read checks the key
-- fails: secure_post on node1: node2 reads it; every node keeps it, but not the text nor the key; this node cannot read it
-- (the rest is the reference's; secure_post and secure_read are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function secure_post(room, from, text)
  if room_key(room) == nil then error("no key for " .. tostring(room), 0) end
  keep_secure(room, from, text)
  for _, n in ipairs(node.list()) do rpc.call(n, keep_secure, {room, from, text}, 2000) end
  return atom.ok
end

function secure_read(room)
  if room_key(room) == nil then return nil end
  local out = {}
  for _, e in ipairs(sealed(room)) do out[#out + 1] = e.from .. ": " .. e.data end
  return out
end

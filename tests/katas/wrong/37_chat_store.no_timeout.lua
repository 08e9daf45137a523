-- wrong: rpc.call as the seed writes it, with no timeout: a node that does not answer is down, and a down node answers at once
-- fails: store_message while node1 does not answer (paused 1.5 s): it returns within 1.2 s, and node2 has the message
-- (the rest is the reference's; store_message is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../37_chat_store.lua")

function store_message(room, message)
  store_local(room, message)
  for _, n in ipairs(node.list()) do rpc.call(n, store_local, {room, message}) end
  return atom.ok
end

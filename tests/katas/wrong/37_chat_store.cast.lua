-- wrong: replication can be fire-and-forget: rpc.cast to the other nodes is faster and they all get it anyway
-- fails: store_message returns once every node has it: node1 paused, it waits for node1
-- (the rest is the reference's; store_message is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../37_chat_store.lua")

function store_message(room, message)
  store_local(room, message)
  for _, n in ipairs(node.list()) do rpc.cast(n, store_local, {room, message}) end
  return atom.ok
end

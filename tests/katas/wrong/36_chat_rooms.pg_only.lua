-- wrong: the replicas are in the room's pg group, so they share its state; nothing more to send them
-- fails: Alice and Bob join "general": the replica has them when user_join returns (node2 paused: the join waits)
-- fails: node1 is killed: the replica on node2 still knows Alice and Bob are in the room
-- (the rest is the reference's; a room that never replicates is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../36_chat_rooms.lua")

local call, cast = ChatRoom.handle_call, ChatRoom.handle_cast

function ChatRoom.handle_call(req, from, s)
  if typeof(req) == "tuple" and req[1] == atom.add_user then
    s.users[req[2]] = true
    return atom.ok, s
  end
  return call(req, from, s)
end

function ChatRoom.handle_cast(msg, s)
  if typeof(msg) == "tuple" and msg[1] == atom.broadcast then
    table.insert(s.history, 1, {from = msg[2], text = msg[3]})
    s.history[101] = nil
    for u in pairs(s.users) do user_send(u, "[" .. msg[2] .. "]: " .. msg[3]) end
    return s
  end
  return cast(msg, s)
end

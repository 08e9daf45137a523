-- wrong: a broadcast goes to every user of the chat, found in global's names
-- fails: Alice's broadcast reaches Bob on node2: "[Alice]: Hello!"
-- (the rest is the reference's; the broadcast's audience is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../36_chat_rooms.lua")

local cast = ChatRoom.handle_cast

function ChatRoom.handle_cast(msg, s)
  if typeof(msg) == "tuple" and msg[1] == atom.broadcast then
    table.insert(s.history, 1, {from = msg[2], text = msg[3]})
    s.history[101] = nil
    for _, r in ipairs(pg.get_members(tuple(atom.room_replica, s.name))) do
      if r ~= self() then pcall(server.call, r, tuple(atom.replicate, msg), 1000) end
    end
    for _, n in ipairs(global.registered_names()) do
      if typeof(n) == "tuple" and n[1] == atom.user then
        user_send(n[2], "[" .. msg[2] .. "]: " .. msg[3])
      end
    end
    return s
  end
  return cast(msg, s)
end

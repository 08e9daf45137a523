-- wrong: as in the seed, replicate with GenServer.cast: the replicas get every op sooner or later
-- fails: Alice and Bob join "general": the replica has them when user_join returns (node2 paused: the join waits)
-- fails: the replica on node2 has the history, newest first, once the room has the broadcast (node2 paused)
-- (users and the room's calls are the reference's; replication by cast is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../36_chat_rooms.lua")

local call = ChatRoom.handle_call

local function apply(op, s)
  if op[1] == atom.add_user then s.users[op[2]] = true
  elseif op[1] == atom.broadcast then
    table.insert(s.history, 1, {from = op[2], text = op[3]})
    s.history[101] = nil
  end
end

local function replicate(op, s)
  for _, r in ipairs(pg.get_members(tuple(atom.room_replica, s.name))) do
    if r ~= self() then server.cast(r, tuple(atom.replicate, op)) end
  end
end

function ChatRoom.handle_call(req, from, s)
  if typeof(req) == "tuple" and req[1] == atom.add_user then
    apply(req, s)
    replicate(req, s)
    return atom.ok, s
  end
  return call(req, from, s)
end

function ChatRoom.handle_cast(msg, s)
  if typeof(msg) ~= "tuple" then return s end
  if msg[1] == atom.replicate then
    apply(msg[2], s)
  elseif msg[1] == atom.broadcast then
    apply(msg, s)
    replicate(msg, s)
    for u in pairs(s.users) do user_send(u, "[" .. msg[2] .. "]: " .. msg[3]) end
  end
  return s
end

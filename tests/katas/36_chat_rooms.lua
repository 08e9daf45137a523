-- The reference solution of katas/36_chat_rooms.lua (make test grades it:
-- every check must pass).

local A, T = atom, tuple
local KEEP = 100

local function user(name) return {global = T(A.user, name)} end
local function room(name) return {global = T(A.room, name)} end

-- Puts v first in list, keeping KEEP at most.
local function push(list, v)
  table.insert(list, 1, v)
  list[KEEP + 1] = nil
end

-- ---- users ----

ChatUser = {}

function ChatUser.init(username) return {username = username, rooms = {}, messages = {}} end

function ChatUser.handle_cast(msg, s)
  if typeof(msg) == "tuple" and msg[1] == A.message then
    print("[" .. s.username .. "] " .. msg[2])
    push(s.messages, msg[2])
  end
  return s
end

function ChatUser.handle_call(req, _from, s)
  if req == A.messages then return s.messages, s end
  if typeof(req) == "tuple" and req[1] == A.join_room then
    room_add_user(req[2], s.username)
    table.insert(s.rooms, 1, req[2])
    return A.ok, s
  end
  return T(A.error, A.unknown_request), s
end

function user_start(name) return server.start(ChatUser, name, user(name)) end
function user_send(name, text) return server.cast(user(name), T(A.message, text)) end
function user_join(name, room_name) return server.call(user(name), T(A.join_room, room_name)) end
function user_messages(name) return server.call(user(name), A.messages) end

-- ---- rooms ----

-- An operation on a room's state: tuple(add_user, u) or tuple(broadcast,
-- from, text).
local function apply(op, s)
  if op[1] == A.add_user then s.users[op[2]] = true
  elseif op[1] == A.broadcast then push(s.history, {from = op[2], text = op[3]}) end
end

-- Acknowledged: each replica has applied op when this returns. A replica
-- that died meanwhile (its process or its node) is skipped: pcall.
local function replicate(op, s)
  for _, r in ipairs(pg.get_members(T(A.room_replica, s.name))) do
    if r ~= self() then pcall(server.call, r, T(A.replicate, op), 1000) end
  end
end

local function sorted_users(s)
  local list = {}
  for u in pairs(s.users) do list[#list + 1] = u end
  table.sort(list)
  return list
end

ChatRoom = {}

function ChatRoom.init(name)
  pg.start()
  pg.join(T(A.room_replica, name), self())
  return {name = name, users = {}, history = {}}
end

function ChatRoom.handle_call(req, _from, s)
  if req == A.list_users then return sorted_users(s), s end
  if req == A.history then return s.history, s end
  if typeof(req) == "tuple" and req[1] == A.replicate then
    apply(req[2], s)
    return A.ok, s
  end
  if typeof(req) == "tuple" and req[1] == A.add_user then
    apply(req, s)
    replicate(req, s)
    return A.ok, s
  end
  return T(A.error, A.unknown_request), s
end

function ChatRoom.handle_cast(msg, s)
  if typeof(msg) ~= "tuple" then return s end
  if msg[1] == A.broadcast then
    apply(msg, s)
    replicate(msg, s)
    for u in pairs(s.users) do user_send(u, "[" .. msg[2] .. "]: " .. msg[3]) end
  end
  return s
end

function room_start(name) return server.start(ChatRoom, name, room(name)) end
function room_replica_start(name) return server.start(ChatRoom, name) end
function room_add_user(r, u) return server.call(room(r), T(A.add_user, u)) end
function room_broadcast(r, from, text) return server.cast(room(r), T(A.broadcast, from, text)) end
function room_list_users(r) return server.call(room(r), A.list_users) end

-- The reference solution of katas/38_chat_presence.lua (make test grades
-- it: every check must pass).

local A, T = atom, tuple
local function user(name) return {global = T(A.user, name)} end

ChatUser = {}

function ChatUser.init(username) return {username = username, rooms = {}, messages = {}} end

local function keep(s, text)
  print("[" .. s.username .. "] " .. text)
  table.insert(s.messages, 1, text)
end

function ChatUser.handle_cast(msg, s)
  if typeof(msg) == "tuple" and msg[1] == A.message then
    keep(s, msg[2])
  elseif typeof(msg) == "tuple" and msg[1] == A.private then
    keep(s, "(private) [" .. msg[2] .. "]: " .. msg[3])
  end
  s.messages[101] = nil
  return s
end

function ChatUser.handle_call(req, _from, s)
  if req == A.messages then return s.messages, s end
  if typeof(req) == "tuple" and req[1] == A.join_room then   -- kata 36's rooms
    room_add_user(req[2], s.username)
    table.insert(s.rooms, 1, req[2])
    return A.ok, s
  end
  return T(A.error, A.unknown_request), s
end

function user_start(name) return server.start(ChatUser, name, user(name)) end
function user_send(name, text) return server.cast(user(name), T(A.message, text)) end
function user_messages(name) return server.call(user(name), A.messages) end
function user_join(name, room) return server.call(user(name), T(A.join_room, room)) end

function presence(name)
  if global.whereis_name(T(A.user, name)) then return A.online end
  return A.offline
end

function send_private(from, to, text)
  if presence(to) == A.offline then return T(A.error, A.offline) end
  server.cast(user(to), T(A.private, from, text))
  return A.ok
end

function online_users()
  local names = {}
  for _, n in ipairs(global.registered_names()) do
    if typeof(n) == "tuple" and n[1] == A.user then names[#names + 1] = n[2] end
  end
  table.sort(names)
  return names
end

function presence_watch(name, pid)
  local p = global.whereis_name(T(A.user, name))
  if p == nil then return nil end
  return spawn(function()
    local ref = monitor(p)
    receive(T(A.DOWN, ref, ANY, ANY, ANY))
    send(pid, T(A.presence, name, A.offline))
  end)
end

-- scripts/lib/demo/chat.lua: the capstone chat system as
-- scripts/exercises/chat.lua runs it by itself (in its guide the learner
-- loads their own katas 36, 37 and 38). The seed's pieces:
--   ChatSystem.User   a server per user, named {:user, name} in :global;
--   ChatSystem.Room   a server per room, named {:room, name}, and replicas
--                     (unnamed rooms) in the pg group {:room_replica, name}:
--                     the room applies each operation, then has every
--                     replica apply it before it goes on;
--   MessageStore      every message on every node (store_local by rpc);
--   ClusterMonitor    prints and keeps the nodes that join and leave;
--   bonus 1 and 2     private messages, presence (who is in :global).
local A, T = atom, tuple
local function user_name(u) return {global = T(A.user, u)} end
local function room_name(r) return {global = T(A.room, r)} end

-- ---- users ----

ChatUser = {
  init = function(u) return {name = u, messages = {}} end,
  handle_cast = function(msg, s)       -- {message, text} or {private, from, text}
    local text = msg[1] == A.private and "(private) [" .. msg[2] .. "]: " .. msg[3] or msg[2]
    print("[" .. s.name .. "] " .. text)
    table.insert(s.messages, 1, text)  -- newest first
    return s
  end,
  handle_call = function(req, _from, s)
    if req == A.messages then return s.messages, s end
    room_add_user(req[2], s.name)      -- {join_room, room}
    return A.ok, s
  end,
}

function user_start(u) return server.start(ChatUser, u, user_name(u)) end
function user_send(u, text) return server.cast(user_name(u), T(A.message, text)) end
function user_join(u, room) return server.call(user_name(u), T(A.join_room, room)) end
function user_messages(u) return server.call(user_name(u), A.messages) end

-- ---- rooms ----

local function apply(op, s)            -- {add_user, u} or {broadcast, from, text}
  if op[1] == A.add_user then s.users[op[2]] = true
  else table.insert(s.history, 1, op[2] .. ": " .. op[3]) end
end

-- Each replica that pg knows has applied op when this returns; one that
-- died meanwhile is passed over.
local function replicate(op, s)
  for _, replica in ipairs(pg.get_members(T(A.room_replica, s.name))) do
    if replica ~= self() then pcall(server.call, replica, T(A.replicate, op), 1000) end
  end
end

ChatRoom = {
  init = function(r)
    pg.start()                         -- :pg.start_link(), once per node
    pg.join(T(A.room_replica, r), self())
    return {name = r, users = {}, history = {}}
  end,
  handle_call = function(req, _from, s)
    if req == A.list_users then
      local users = {}
      for u in pairs(s.users) do users[#users + 1] = u end
      table.sort(users)
      return users, s
    elseif req == A.history then return s.history, s
    elseif req[1] == A.replicate then apply(req[2], s)
    else apply(req, s); replicate(req, s) end      -- {add_user, u}
    return A.ok, s
  end,
  handle_cast = function(msg, s)       -- {broadcast, from, text}
    apply(msg, s)
    replicate(msg, s)
    for u in pairs(s.users) do user_send(u, "[" .. msg[2] .. "]: " .. msg[3]) end
    return s
  end,
}

function room_start(r) return server.start(ChatRoom, r, room_name(r)) end
function room_replica_start(r) return server.start(ChatRoom, r) end
function room_add_user(r, u) return server.call(room_name(r), T(A.add_user, u)) end
function room_broadcast(r, from, text) return server.cast(room_name(r), T(A.broadcast, from, text)) end
function room_list_users(r) return server.call(room_name(r), A.list_users) end

-- ---- the message store: a copy on every node ----

function store_local(room, message)
  CHAT_STORE = CHAT_STORE or {}
  table.insert(CHAT_STORE, {room = room, message = message})
  return true
end

-- Here, then on each other node (one that is down answers a badrpc).
function store_message(room, message)
  store_local(room, message)
  for _, n in ipairs(node.list()) do rpc.call(n, store_local, {room, message}, 2000) end
  return A.ok
end

-- This node's copy of the room's messages, newest first.
function get_history(room, limit)
  local out = {}
  local all = CHAT_STORE or {}
  for i = #all, 1, -1 do
    if #out == (limit or 100) then break end
    if all[i].room == room then out[#out + 1] = all[i].message end
  end
  return out
end

-- ---- the cluster monitor ----

ClusterMonitor = {
  init = function()
    node.monitor_nodes(true)           -- :net_kernel.monitor_nodes(true)
    return {events = {}}
  end,
  handle_info = function(msg, s)       -- {nodeup, n} or {nodedown, n}
    local line = (msg[1] == A.nodeup and "Node joined: " or "Node left: ") .. msg[2]
    print(line)
    s.events[#s.events + 1] = line
    return s
  end,
  handle_call = function(_req, _from, s) return s.events, s end,   -- :events
}

function monitor_start() return server.start(ClusterMonitor, nil, {name = "ClusterMonitor"}) end

-- ---- bonus: private messages and presence ----

function presence(u)
  return global.whereis_name(T(A.user, u)) and A.online or A.offline
end

function send_private(from, to, text)
  if presence(to) == A.offline then return T(A.error, A.offline) end
  server.cast(user_name(to), T(A.private, from, text))
  return A.ok
end

function online_users()
  local users = {}
  for _, n in ipairs(global.registered_names()) do
    if typeof(n) == "tuple" and n[1] == A.user then users[#users + 1] = n[2] end
  end
  table.sort(users)
  return users
end

-- A process that tells pid {presence, u, offline} when u's user goes (its
-- process or its node).
function presence_watch(u, pid)
  local user = global.whereis_name(T(A.user, u))
  if user == nil then return nil end
  return spawn(function()
    local ref = monitor(user)
    receive(T(A.DOWN, ref, ANY, ANY, ANY))
    send(pid, T(A.presence, u, A.offline))
  end)
end

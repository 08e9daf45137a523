-- Kata 38: the chat system, part 3: private messages and presence
-- (capstone bonus challenges, seed 004)
--
-- From the seeds: the capstone's "Bonus Challenges" 1 "Private Messages -
-- Direct user-to-user messaging" and 2 "Presence - Track online/offline
-- status" (004). The users are kata 36's, given below; a user is online
-- while its global name {:user, name} is registered, and global drops the
-- name when the user's process ends or its node goes down: so presence
-- follows the nodes.
--
-- Do, in order:
--   1. In ChatUser.handle_cast: tuple(atom.private, from, text) prints
--      "[username] (private) [from]: text" and keeps
--      "(private) [from]: text" first in messages.
--   2. presence(name): atom.online when the user's global name is
--      registered, else atom.offline.
--   3. send_private(from, to, text): when `to` is offline, return
--      tuple(atom.error, atom.offline); else cast tuple(atom.private,
--      from, text) to that user only and return atom.ok.
--   4. online_users(): the names of every user registered in the cluster,
--      sorted (global.registered_names() lists every global name; the
--      users' are the tuples {:user, name}).
--   5. presence_watch(name, pid): when name is offline, return nil; else
--      spawn a watcher that monitors the user's process and, when it goes
--      down (stopped, crashed, or its node lost), sends
--      tuple(atom.presence, name, atom.offline) to pid. Return the watcher.
-- Check with: repl --check katas/38_chat_presence.lua
-- (the checks start Alice on node1, Bob on node2, Carol here; then they
-- crash Alice's process while node1 lives on, and kill Bob's node: two
-- different events, and a user goes offline in both)
--
-- Elixir                                        Lua (this shell)
--   :global.whereis_name({:user, name})           global.whereis_name(tuple(atom.user, name))
--     # pid or :undefined                           -- pid or nil
--   :global.registered_names()                    global.registered_names()
--   match?({:user, _}, n)                         typeof(n) == "tuple" and n[1] == atom.user
--   ref = Process.monitor(pid)                    local ref = monitor(pid)
--   receive do {:DOWN, ^ref, :process, _, _}      receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
-- A monitor on a process of another node fires with reason
-- :noconnection when that node goes down.

-- Given: kata 36's users (ChatUser, user_start, user_send, user_messages,
-- user_join; joining a room needs kata 36's room_add_user).
local A, T = atom, tuple
local function user(name) return {global = T(A.user, name)} end

ChatUser = {}

function ChatUser.init(username) return {username = username, rooms = {}, messages = {}} end

function ChatUser.handle_cast(msg, s)
  if typeof(msg) == "tuple" and msg[1] == A.message then
    print("[" .. s.username .. "] " .. msg[2])
    table.insert(s.messages, 1, msg[2])
  end
  -- TODO 1: tuple(atom.private, from, text)
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

-- TODO 2
function presence(name)
end

-- TODO 3
function send_private(from, to, text)
end

-- TODO 4
function online_users()
end

-- TODO 5
function presence_watch(name, pid)
end

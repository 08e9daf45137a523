-- Kata 36: the chat system, part 1: users and rooms (capstone, seed 004)
--
-- From the seeds: the capstone "Fault-Tolerant Distributed Chat System"
-- (004), requirements 1 "User Management" and 2 "Chat Rooms with
-- Replication", and its testing scenario: Alice on node1, Bob on node2,
-- both join "general", Alice's broadcast reaches Bob; node1 dies and the
-- room's replica on node2 still knows who is in the room.
-- (Kata 37 is the message store and the cluster monitor; kata 38 the
-- bonus challenges, private messages and presence.)
--
-- Do, in order:
--   1. ChatUser, a user's server (state {username =, rooms = {},
--      messages = {}}):
--      handle_cast(tuple(atom.message, text)): print "[username] text"
--      and keep text first in messages (the newest first, 100 at most);
--      handle_call(tuple(atom.join_room, room)): room_add_user(room,
--      username), add room to rooms, reply atom.ok;
--      handle_call(atom.messages): reply the messages list (the seed keeps
--      them and prints them; the checks ask for them).
--   2. user_start(name): ChatUser under the global name
--      tuple(atom.user, name); user_send(name, text): cast
--      tuple(atom.message, text) to it; user_join(name, room) and
--      user_messages(name): the two calls.
--   3. ChatRoom, a room's server (state {name =, users = {}, history = {}}):
--      init joins the pg group tuple(atom.room_replica, name) (pg.start()
--      first). handle_call(tuple(atom.add_user, user)): add the user (a
--      set: once each), replicate, reply atom.ok; handle_call
--      (atom.list_users): the users as a sorted list; handle_call
--      (atom.history): the history, newest first; handle_cast(tuple(
--      atom.broadcast, from, text)): put {from = from, text = text} first
--      in the history (100 at most), replicate, and user_send each user
--      "[from]: text". replicate(op): send tuple(atom.replicate, op) to
--      every member of the room's pg group but self(), and wait for each
--      to answer (acknowledged: when add_user returns, every live replica
--      has the user); a replica that died is skipped, not waited for.
--      handle_call of tuple(atom.replicate, op) applies op (the add_user
--      or broadcast tuple) to the state without replicating or sending,
--      and replies atom.ok.
--      The seed casts the op (GenServer.cast: fire-and-forget), so its
--      test "kill node1, verify Bob still in room on node2" holds only if
--      the cast got there before node1 died: nothing promises it. Here the
--      room waits; the checks pause node2 and look at the replica at once.
--   4. room_start(name): ChatRoom under the global name tuple(atom.room,
--      name); room_replica_start(name): a ChatRoom with no name (a replica:
--      it joins the pg group and gets the replicated operations);
--      room_add_user(room, user), room_broadcast(room, from, text),
--      room_list_users(room): to the global room.
-- Check with: repl --check katas/36_chat_rooms.lua
-- (the checks start two peers: Alice's node1 and Bob's node2; Carol, on
-- the grading node, is in no room; a third replica there crashes when the
-- room calls it, and then node1 is killed)
--
-- Elixir (what the seed shows)                   Lua (this shell)
--   GenServer.start_link(__MODULE__, username,     server.start(ChatUser, username,
--     name: {:global, {:user, username}})            {global = tuple(atom.user, username)})
--   GenServer.cast({:global, {:user, u}},          server.cast({global = tuple(atom.user, u)},
--     {:message, message})                           tuple(atom.message, message))
--   IO.puts("[#{state.username}] #{message}")      print("[" .. s.username .. "] " .. message)
--   [message | Enum.take(state.messages, 99)]      table.insert(s.messages, 1, message)
--                                                  s.messages[101] = nil
--   MapSet.put(state.users, username)              s.users[username] = true
--   MapSet.to_list(state.users)                    for u in pairs(s.users) ... table.sort
--   :pg.join({:room_replica, room_name}, self())   pg.join(tuple(atom.room_replica, name), self())
--   :pg.get_members({:room_replica, state.name})   pg.get_members(tuple(atom.room_replica, s.name))
--   %{from: u, text: m, timestamp: ...}            {from = u, text = m}
--   for replica <- replicas, replica != self()     for _, r in ipairs(replicas) do ... r ~= self()
--     GenServer.cast(replica, {:replicate, op})      (here acknowledged: server.call(r, tuple(atom.replicate, op), ms))
--   (a call to a dead process exits)               server.call raises: pcall(server.call, ...) goes on
-- The callbacks: init(arg) -> state; handle_call(req, from, s) -> reply, s;
-- handle_cast(msg, s) -> s. A callbacks table holds only callbacks: keep
-- helpers such as replicate in locals or other globals.

-- TODO 1
ChatUser = {}

-- TODO 2
function user_start(name)
end

function user_send(name, text)
end

function user_join(name, room)
end

function user_messages(name)
end

-- TODO 3
ChatRoom = {}

-- TODO 4
function room_start(name)
end

function room_replica_start(name)
end

function room_add_user(room, user)
end

function room_broadcast(room, from, text)
end

function room_list_users(room)
end

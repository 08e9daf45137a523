-- Kata 39: the chat system, part 4: typing, files, search, encryption
-- (capstone bonus challenges 3-6, seed 004)
--
-- From the seeds: the capstone's "Bonus Challenges" (004), in its order:
-- 3 "Typing Indicators - Show when users are typing", 4 "File Sharing -
-- Distribute files across nodes", 5 "Search - Search message history
-- across cluster", 6 "Encryption - End-to-end encryption for messages".
-- The seed names them only; what each does here is written below. The
-- users and the message stores are given (end of the instructions).
--
-- Do, in order:
--   3. typing(room, name): tell every OTHER member of room, on whatever
--      node it runs, that name is typing: cast tuple(atom.typing, room,
--      name) to each user process of the pg group tuple(atom.room, room)
--      but name's own. An indicator is not a message: it goes into no
--      history. Return atom.ok.
--   4. share_file(name, data): put the file `name` holding exactly the
--      bytes of data in the working folder of this node and of every node
--      of node.list() (each node has a folder of its own, as on separate
--      machines: only code running on a node writes its folder), and
--      return only when each has it; return the sorted list of the nodes
--      that stored it.
--      fetch_file(name): this node's copy of the file (its bytes); when
--      this node has none, the bytes from a node of node.list() that has
--      it, kept here too; nil when no node has it.
--   5. search(word): every message posted on any node of the cluster whose
--      text holds word (plain text, not a pattern), each as
--      "room/from: text", sorted. Each node keeps only the messages posted
--      on it (post, history: given). A node that does not answer within
--      500 ms is left out: search returns anyway, with the others'.
--   6. End-to-end encryption: a room's messages are readable only on the
--      room's nodes; every node keeps a copy (keep_secure, sealed: given),
--      but what it keeps, and what crosses the wire, is not the text.
--      encrypt(key, text) and decrypt(key, data): a cipher of your own
--      (below), decrypt(key, encrypt(key, text)) == text for any bytes;
--      another key gives other bytes.
--      secure_room(room, nodes): make a fresh random key for room (16
--      bytes or more) and give it to each node of nodes, and to no other.
--      room_key(room): this node's key for room, or nil.
--      secure_post(room, from, text): encrypt text with this node's key of
--      room (an error when this node has none) and keep_secure(room, from,
--      encrypted) on this node and every node of node.list(), returning
--      when each has it; return atom.ok.
--      secure_read(room): nil on a node without the room's key; else the
--      room's messages, oldest first, as "from: text" (decrypted).
-- pg: the given code starts pg at the top (Elixir's :pg.start_link()).
-- Check with: repl --check katas/39_chat_extras.lua
-- (the checks start two peers; Alice is on node1, Bob and Dave on node2,
-- Carol here; Dave is in no room. They pause a node to see that a share
-- waits for it and a search does not; the room "secret" is node1's and
-- node2's, and this node only relays it)
--
-- Elixir                                         Lua (this shell)
--   :pg.get_members({:room, room})                 pg.get_members(tuple(atom.room, room))
--   :global.whereis_name({:user, name})            global.whereis_name(tuple(atom.user, name))
--   GenServer.cast(pid, {:typing, room, name})     server.cast(pid, tuple(atom.typing, room, name))
--   File.write!(name, data)                        local f = io.open(name, "wb"); f:write(data); f:close()
--   File.read(name)  # {:ok, data} | {:error, _}   local f = io.open(name, "rb") -- nil when none
--                                                  f:read("a"), then f:close()
--   :rpc.call(node, M, :f, [args])                 rpc.call(node, f, {args}, ms)  -- f runs THERE
--   :rpc.multicall(nodes, M, :f, [args], 500)      rpc.multicall(nodes, f, {args}, 500)
--     # {results, bad_nodes}                         -- results, bad_nodes
--   String.contains?(text, word)                   text:find(word, 1, true)
--   :crypto.strong_rand_bytes(16)                  16 times string.char(math.random(0, 255))
--   :crypto.crypto_one_time(:aes_256_ctr,          (no crypto library here: write a stream
--     key, iv, text, true)                            cipher, each byte of text XOR (~) a byte
--                                                     of a keystream made from the key)
--   :binary.bin_to_list(text)                      string.byte(text, i); string.char(b)
-- A cipher of your own is for learning only; real systems use a vetted
-- one (Erlang's :crypto), and between nodes TLS distribution (kata 83's
-- pitfall 3 drill: repl --tls-certfile).

-- Given: pg runs on every node that loads this file.
pg.start()

local A, T = atom, tuple

-- Given: the users. A user is a server under the global name {:user,
-- name} that keeps everything cast to it, oldest first (its inbox);
-- user_join puts it in the pg group {:room, room}.
ChatUser = {}
function ChatUser.init(name) return {name = name, inbox = {}} end
function ChatUser.handle_cast(msg, s) table.insert(s.inbox, msg); return s end
function ChatUser.handle_call(req, _from, s)
  if req == A.inbox then return s.inbox, s end
  if typeof(req) == "tuple" and req[1] == A.join then
    pg.join(T(A.room, req[2]), self())
    return A.ok, s
  end
  return T(A.error, A.unknown_request), s
end
function user_start(name) return server.start(ChatUser, name, {global = T(A.user, name)}) end
function user_join(name, room) return server.call({global = T(A.user, name)}, T(A.join, room)) end
function user_inbox(name) return server.call({global = T(A.user, name)}, A.inbox) end

-- Given: each node keeps the messages posted on it, and only those.
function post(room, from, text)
  POSTS = POSTS or {}
  table.insert(POSTS, {room = room, from = from, text = text})
  return A.ok
end
-- this node's messages of room, oldest first, as "from: text"
function history(room)
  local out = {}
  for _, p in ipairs(POSTS or {}) do
    if p.room == room then out[#out + 1] = p.from .. ": " .. p.text end
  end
  return out
end

-- Given: each node's copies of the rooms' encrypted messages.
function keep_secure(room, from, data)
  SEALED = SEALED or {}
  table.insert(SEALED, {room = room, from = from, data = data})
  return A.ok
end
-- this node's copies for room, oldest first: {from =, data =} each
function sealed(room)
  local out = {}
  for _, e in ipairs(SEALED or {}) do
    if e.room == room then out[#out + 1] = {from = e.from, data = e.data} end
  end
  return out
end

-- TODO 3
function typing(room, name)
end

-- TODO 4
function share_file(name, data)
end

function fetch_file(name)
end

-- TODO 5
function search(word)
end

-- TODO 6
function encrypt(key, text)
end

function decrypt(key, data)
end

function secure_room(room, nodes)
end

function room_key(room)
end

function secure_post(room, from, text)
end

function secure_read(room)
end

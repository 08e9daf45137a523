-- Checks of katas/39_chat_extras.lua (format: katas/README.md). Alice runs
-- on peer 1 (node1), Bob and Dave on peer 2 (node2), Carol here; Alice,
-- Bob and Carol are in "general", Dave in no room. The room "secret" is
-- node1's and node2's: this node only relays it.
-- The misconceptions they catch: a typing indicator sent to this node's
-- members only, to the typer, to users outside the room, or stored as a
-- message; files written by the sharing node into its own folder (or sent
-- by path), or not waited for; a search of this node only, or one that
-- waits for ever on a node that does not answer; a keyless "cipher", a key
-- that every node has (a constant in the code, or given to all), a key
-- that travels with the message, and text stored in the clear.

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local mesh = dofile(here .. "lib/mesh.lua")
local eventually = dofile(here .. "lib/eventually.lua")
local pause = dofile(here .. "lib/pause.lua")

local function word(prefix) return prefix .. math.random(1e6, 1e7 - 1) end

-- Random bytes, every value possible (zeros and newlines included).
local function bytes(n)
  local b = {}
  for i = 1, n do b[i] = string.char(math.random(0, 255)) end
  return table.concat(b)
end

-- The file name in node i's folder (0: this node's).
local function path(k, i, name) return k.dir(i) .. "/" .. name end

local function read(p)
  local f = io.open(p, "rb")
  if not f then return nil end
  local data = f:read("a")
  f:close()
  return data
end

-- The users, started once (by the first check that needs them).
local function users(k)
  if global.whereis_name(tuple(atom.user, "Carol")) then return true end
  if not mesh(k) then return false, "the peers did not connect" end
  local started = {k.on(k.node(1), "user_start", "Alice"), k.on(k.node(2), "user_start", "Bob"),
                   k.on(k.node(2), "user_start", "Dave"), k.call("user_start", "Carol")}
  for _, p in ipairs(started) do if typeof(p) ~= "pid" then return false, "user_start gave " .. k.show(p) end end
  for _, u in ipairs({"Alice", "Bob", "Carol"}) do k.call("user_join", u, "general") end
  -- every node's pg knows the three members before typing is tried
  for _, n in ipairs({node.self(), k.node(1), k.node(2)}) do
    local ok = eventually(k, 3, function()
      return #(rpc.call(n, pg.get_members, {tuple(atom.room, "general")}, 500) or {})
    end)
    if not ok then return false, "general's members not seen on " .. n end
  end
  return true
end

-- The typing indicators in name's inbox.
local function indicators(name)
  local out = {}
  for _, m in ipairs(user_inbox(name)) do
    if typeof(m) == "tuple" and m[1] == atom.typing then out[#out + 1] = m end
  end
  return out
end

-- Each of node1 and node2's copies of "secret": what they kept.
local function sealed_on(k, n) return rpc.call(n, sealed, {"secret"}, 1000) end

return {
  title = "the chat system: typing, files, search, encryption (capstone bonus 3-6)",
  hint = "Indicators go to the room's other members through pg; files are written by each node in its own folder; search asks every node with a timeout; a room's key lives only on its nodes, and only ciphertext travels.",
  cluster = {peers = 2},
  timeout = 3000,
  checks = {
    {
      name = "typing(room, name) on node1: the room's other members see it, on every node; not the typer, nor Dave; no history",
      hint = {"the room's members run on several nodes: who knows them all? And who should not be told?",
              "pg.get_members(tuple(atom.room, room)) lists every member on every node (get_local_members only this node's); skip the typer's own pid",
              "for each p of pg.get_members(tuple(atom.room, room)) with p ~= global.whereis_name(tuple(atom.user, name)): server.cast(p, tuple(atom.typing, room, name)); post nothing"},
      run = function(k)
        local ok, why = users(k)
        if not ok then return false, "Alice, Bob, Carol and Dave started", why end
        local r = k.on(k.node(1), "typing", "general", "Alice")
        if r ~= atom.ok then return false, ":ok from typing", k.show(r) end
        local want = {tuple(atom.typing, "general", "Alice")}
        local e, g
        ok, e, g = eventually(k, want, function() return indicators("Bob") end)
        if not ok then return ok, "Bob's indicators (node2): " .. e, g end
        ok, e, g = k.same(indicators("Carol"), want)
        if not ok then return ok, "Carol's indicators (here): " .. e, g end
        sleep(30)
        ok, e, g = k.same({alice = indicators("Alice"), dave = indicators("Dave")}, {alice = {}, dave = {}})
        if not ok then return ok, "nothing for the typer and for Dave, in no room: " .. e, g end
        local histories = {k.call("history", "general"), k.on(k.node(1), "history", "general"), k.on(k.node(2), "history", "general")}
        return k.same(histories, {{}, {}, {}})
      end,
    },
    {
      name = "share_file from node1: each node's own folder has the file, byte for byte, when it returns (node2 paused: it waits)",
      hint = {"a node's folder is written by code running on that node: where does your io.open run?",
              "send the bytes (not a path: the other node's folder is not yours) and have each node write its own copy; wait for each (rpc.call, not rpc.cast)",
              "rpc.call(n, function(name, data) ... io.open(name, \"wb\") ... return node.self() end, {name, data}, 2000) for n in node.list(), and the same here"},
      run = function(k)
        local name, data = word("notes-") .. ".bin", bytes(3000)
        local p = pause(k.peers[2], 200)
        local got = k.on(k.node(1), "share_file", name, data)
        local at_once = read(path(k, 2, name))
        local waited = not pause.resume(p)
        for _, i in ipairs({2, 0, 1}) do
          local there = i == 2 and at_once or read(path(k, i, name))
          local where = i == 0 and "this node's folder" or ("node" .. i .. "'s folder")
          if there == nil then
            return false, where .. " has " .. name, i == 2 and not waited
              and "share_file returned while node2 was paused, and node2 has no copy" or "no such file there"
          end
          if there ~= data then return false, "the same 3000 bytes in " .. where, #there .. " bytes, not the same" end
        end
        local want = {node.self(), k.node(1), k.node(2)}
        table.sort(want)
        return k.same(got, want)
      end,
    },
    {
      name = "share_file lists only the nodes that stored the file: node2 cannot (a folder there has its name)",
      hint = {"an answer about other nodes comes from them: did each one really store it?",
              "each node says whether its write worked (io.open gives nil and why when it cannot); list only those that said yes",
              "the function that writes returns node.self() once written, nil when io.open failed; keep the nodes whose answer is their name"},
      run = function(k)
        local name, data = word("clash-") .. ".bin", bytes(500)
        os.execute("mkdir '" .. path(k, 2, name) .. "'")     -- no file can be written under that name there
        local got = k.on(k.node(1), "share_file", name, data)
        os.execute("rmdir '" .. path(k, 2, name) .. "'")
        local want = {node.self(), k.node(1)}
        table.sort(want)
        return k.same(got, want)
      end,
    },
    {
      name = "fetch_file here: this node's copy; when it is gone, another node's copy, kept here again",
      hint = {"a node that lost its copy asks a node that has one, over the wire",
              "read your own folder first; else rpc.call a node of node.list() to read ITS folder and return the bytes; write them here",
              "fetch_file: io.open(name, \"rb\") here; if nil, for n in node.list(): local data = rpc.call(n, read_there, {name}, 2000); write it here and return it"},
      run = function(k)
        local name, data = word("photo-") .. ".bin", bytes(2000)
        local got = k.call("share_file", name, data)
        if type(got) ~= "table" then return false, "share_file's list of nodes", k.show(got) end
        if k.call("fetch_file", name) ~= data then return false, "fetch_file gives this node's copy", "other bytes" end
        os.remove(path(k, 0, name))
        local again = k.call("fetch_file", name)
        if again ~= data then return false, "the bytes from another node's copy", k.show(again and (#again .. " bytes, not the same")) end
        if read(path(k, 0, name)) ~= data then return false, "a copy kept in this node's folder", "none" end
        return k.same(k.call("fetch_file", word("nowhere-")), nil)
      end,
    },
    {
      name = "search(word): the matching messages posted on every node, as \"room/from: text\", sorted",
      hint = {"each node keeps only its own posts: who must search them?",
              "run the search on every node (this one and node.list()), each over its own POSTS, and merge the answers",
              "rpc.multicall(nodes, function(word) ... POSTS ... end, {word}, 500): results come from each node; flatten, table.sort"},
      run = function(k)
        local w = word("kiwi")
        k.on(k.node(1), "post", "general", "Alice", "I like " .. w)
        k.on(k.node(2), "post", "random", "Bob", w .. " is green")
        k.call("post", "general", "Carol", "no " .. w .. " here, but here")
        k.call("post", "general", "Carol", "nothing to find")
        local want = {"general/Alice: I like " .. w, "general/Carol: no " .. w .. " here, but here", "random/Bob: " .. w .. " is green"}
        local ok, e, g = k.same(k.call("search", w), want)
        if not ok then return ok, "from here: " .. e, g end
        ok, e, g = k.same(k.on(k.node(2), "search", w), want)
        if not ok then return ok, "from node2: " .. e, g end
        return k.same(k.call("search", word("absent")), {})
      end,
    },
    {
      name = "search while node1 does not answer (paused): it returns within about 500 ms, with the others' messages",
      hint = {"a node that does not answer must not stop a search: every call to another node needs a bound",
              "give each remote search a timeout (500 ms) and leave out the nodes that did not answer",
              "rpc.multicall(nodes, f, {word}, 500) returns the answers it got and the bad nodes; use the answers"},
      run = function(k)
        local w = word("plum")
        k.on(k.node(1), "post", "general", "Alice", "a " .. w)
        k.on(k.node(2), "post", "general", "Bob", "b " .. w)
        k.call("post", "general", "Carol", "c " .. w)
        local p = pause(k.peers[1], 1000)
        local ok, got = pcall(k.call, "search", w)
        local bounded = pause.resume(p)
        if not ok then return false, "search returns", "an error: " .. k.show(got) end
        if not bounded then return false, "search to return while node1 is paused (1 s)", "it waited for node1" end
        return k.same(got, {"general/Bob: b " .. w, "general/Carol: c " .. w})
      end,
    },
    {
      name = "encrypt/decrypt: decrypt gives any bytes back; the data is not the text; another key gives other data",
      hint = {"a cipher without a key is an encoding: anyone can undo it",
              "mix every byte of the text with a byte that depends on the key (XOR: ~), so that the key is needed to undo it",
              "encrypt: for each i, string.char(text:byte(i) ~ keystream(key, i)), keystream made from key's bytes and i; decrypt is the same XOR"},
      run = function(k)
        local key1, key2 = bytes(16), bytes(16)
        local text = "meet at " .. word("dawn") .. " by the old oak tree, bring the map"
        local c1, c2 = k.call("encrypt", key1, text), k.call("encrypt", key2, text)
        if type(c1) ~= "string" then return false, "encrypt returns a string", k.show(c1) end
        if c1 == text or c1:find("meet at", 1, true) or c1:find("old oak", 1, true) then
          return false, "data that does not hold the text", k.show(c1)
        end
        local ok, e, g = k.same(k.call("decrypt", key1, c1), text)
        if not ok then return ok, "decrypt(key, encrypt(key, text)): " .. e, g end
        local b = bytes(300)
        ok, e, g = k.same(k.call("decrypt", key2, k.call("encrypt", key2, b)) == b, true)
        if not ok then return false, "300 random bytes (zeros too) back from decrypt", "other bytes" end
        if c2 == c1 then return false, "another key gives other data", "the same data under two keys" end
        if k.call("decrypt", key2, c1) == text then return false, "the wrong key does not decrypt", "it did" end
        return true
      end,
    },
    {
      name = "secure_room(\"secret\", {node1, node2}) on node1: both have the same fresh key; this node has none",
      hint = {"a key is a secret of the room's nodes: made fresh for the room, handed only to them",
              "make random bytes (math.random) for each room; rpc.call each node of nodes to keep the key there (a global of that node)",
              "secure_room: key = 16 random bytes; for n in nodes: rpc.call(n, function(room, key) ROOM_KEYS = ROOM_KEYS or {}; ROOM_KEYS[room] = key end, {room, key})"},
      run = function(k)
        local members = {k.node(1), k.node(2)}
        local r = k.on(k.node(1), "secure_room", "secret", members)
        local k1, k2 = k.on(k.node(1), "room_key", "secret"), k.on(k.node(2), "room_key", "secret")
        if type(k1) ~= "string" or #k1 < 16 then return false, "a key of 16 bytes or more on node1", k.show(k1) end
        if k2 ~= k1 then return false, "node2 has node1's key", k.show(k2) end
        local mine = k.call("room_key", "secret")
        if mine ~= nil then return false, "no key for \"secret\" on this node (not a member)", "it has one" end
        k.on(k.node(1), "secure_room", "other", members)
        if k.on(k.node(2), "room_key", "other") == k1 then return false, "another room, another key", "the same key" end
        return true
      end,
    },
    {
      name = "secure_post on node1: node2 reads it; every node keeps it, but not the text nor the key; this node cannot read it",
      hint = {"end to end: only ciphertext leaves the room's nodes, and the key never travels with it; every node has its copy when secure_post returns",
              "encrypt with room_key(room) on the sender; keep_secure the encrypted data on every node (rpc.call); decrypt only in secure_read, with this node's key",
              "secure_post: data = encrypt(room_key(room), text); keep_secure(room, from, data) here and rpc.call(n, keep_secure, {room, from, data}) for n in node.list(); secure_read: nil without a key"},
      run = function(k)
        local key = k.on(k.node(1), "room_key", "secret")
        if type(key) ~= "string" then return false, "node1 holding the key of \"secret\" (previous check)", k.show(key) end
        local text = "the password is " .. word("swordfish")
        local p = pause(k.peers[2], 200)          -- node2 can keep nothing meanwhile
        local r = k.on(k.node(1), "secure_post", "secret", "Alice", text)
        local waited = not pause.resume(p)
        if r ~= atom.ok then return false, ":ok from secure_post", k.show(r) end
        if not waited then
          return false, "secure_post to return once node2 kept its copy (node2 paused for 200 ms)",
            "it returned while node2 was paused (node2 could not have kept it)"
        end
        local ok, e, g = k.same(k.on(k.node(2), "secure_read", "secret"), {"Alice: " .. text})
        if not ok then return ok, "node2's secure_read: " .. e, g end
        local kept = {sealed("secret"), sealed_on(k, k.node(1)), sealed_on(k, k.node(2))}
        for i, list in ipairs(kept) do
          local where = i == 1 and "this node" or ("node" .. (i - 1))
          if #list ~= 1 then return false, "one copy kept on " .. where .. " when secure_post returns", #list .. " copies" end
          local d = list[1].data
          if type(d) ~= "string" then return false, "the encrypted data kept on " .. where, k.show(d) end
          if d:find("password", 1, true) or d:find(text, 1, true) then return false, "no text on " .. where, k.show(d) end
          if d:find(key, 1, true) then return false, "the key not kept with the data on " .. where, "it is in the data" end
        end
        local ok2, mine = pcall(k.call, "secure_read", "secret")
        if not ok2 or mine ~= nil then return false, "secure_read on this node (no key): nil", ok2 and k.show(mine) or ("an error: " .. k.show(mine)) end
        return true
      end,
    },
  },
}

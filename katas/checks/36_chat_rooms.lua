-- Checks of katas/36_chat_rooms.lua (format: katas/README.md). Peer 1 is
-- the seed's node1 (Alice, the room), peer 2 its node2 (Bob, a replica).

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local mesh = dofile(here .. "lib/mesh.lua")
local eventually = dofile(here .. "lib/eventually.lua")
-- the users print (the seed's IO.puts): into a sink, which check 4 reads
local output = dofile(here .. "lib/output.lua")

-- The replica on peer 2 (check 2 starts it), found through pg.
local function replica_on(n)
  for _, p in ipairs(pg.get_members(tuple(atom.room_replica, "general"))) do
    if node_of(p) == n then return p end
  end
end

return {
  title = "the chat system: users and rooms (capstone, part 1)",
  hint = "Users under {global = tuple(atom.user, name)}, rooms under {global = tuple(atom.room, name)}, each room's replicas in the pg group tuple(atom.room_replica, name).",
  cluster = {peers = 2},
  timeout = 4000,   -- ms; generous for loaded machines and the sanitizer build
  checks = {
    {
      name = "user_start: Alice on node1 and Bob on node2, each under {:user, name}",
      hint = "server.start(ChatUser, name, {global = tuple(atom.user, name)})",
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        output.quiet()
        local alice, bob = k.on(k.node(1), "user_start", "Alice"), k.on(k.node(2), "user_start", "Bob")
        if typeof(alice) ~= "pid" or typeof(bob) ~= "pid" then
          return false, "a pid for each", k.show(alice) .. " and " .. k.show(bob)
        end
        local ok, e, g = k.same(global.whereis_name(tuple(atom.user, "Alice")), alice)
        if not ok then return ok, "{:user, \"Alice\"} names " .. e, g end
        return k.same(global.whereis_name(tuple(atom.user, "Bob")), bob)
      end,
    },
    {
      name = "room_start on node1 and room_replica_start on node2: both in the room's pg group",
      hint = "ChatRoom.init: pg.start(); pg.join(tuple(atom.room_replica, name), self()); the replica has no name",
      run = function(k)
        output.quiet()
        local r = k.on(k.node(1), "room_start", "general")
        local rep = k.on(k.node(2), "room_replica_start", "general")
        if typeof(r) ~= "pid" or typeof(rep) ~= "pid" then
          return false, "a pid for each", k.show(r) .. " and " .. k.show(rep)
        end
        if global.whereis_name(tuple(atom.room, "general")) ~= r then
          return false, "{:room, \"general\"} names the room on node1", k.show(global.whereis_name(tuple(atom.room, "general")))
        end
        -- the room (on node1) replicates to the members node1's pg knows:
        -- wait until node1 knows the replica too, not only this node
        local function members_on(n)
          local nodes = {}
          local pids = n == node.self() and pg.get_members(tuple(atom.room_replica, "general"))
            or rpc.call(n, pg.get_members, {tuple(atom.room_replica, "general")}, 500) or {}
          for i, p in ipairs(pids) do nodes[i] = node_of(p) end
          table.sort(nodes)
          return nodes
        end
        local ok, e, g = eventually(k, {k.node(1), k.node(2)}, function() return members_on(node.self()) end)
        if not ok then return ok, e, g end
        ok, e, g = eventually(k, {k.node(1), k.node(2)}, function() return members_on(k.node(1)) end)
        if not ok then return ok, "as node1 sees them: " .. e, g end
        return true
      end,
    },
    {
      name = "Alice and Bob join \"general\": list_users, here and on the replica",
      hint = "join_room calls room_add_user, which adds the user and replicates tuple(atom.add_user, user) to the replica",
      run = function(k)
        local a = k.call("user_join", "Alice", "general")
        local b = k.on(k.node(2), "user_join", "Bob", "general")
        if a ~= atom.ok or b ~= atom.ok then return false, ":ok twice", k.show(a) .. ", " .. k.show(b) end
        local ok, e, g = k.same(k.call("room_list_users", "general"), {"Alice", "Bob"})
        if not ok then return ok, e, g end
        local rep = replica_on(k.node(2))
        return eventually(k, {"Alice", "Bob"}, function() return server.call(rep, atom.list_users) end)
      end,
    },
    {
      name = "Alice's broadcast reaches Bob on node2: \"[Alice]: Hello!\"",
      hint = "broadcast: for each user, user_send(user, \"[\" .. from .. \"]: \" .. text)",
      run = function(k)
        if global.whereis_name(tuple(atom.user, "Bob")) == nil then
          return false, "Bob's user running (check 1)", "no {:user, \"Bob\"}"
        end
        k.call("room_broadcast", "general", "Alice", "Hello!")
        local ok, e, g = eventually(k, {"[Alice]: Hello!"}, function() return k.on(k.node(2), "user_messages", "Bob") end)
        if not ok then return ok, "Bob's messages: " .. e, g end
        ok, e, g = eventually(k, {"[Alice]: Hello!"}, function() return k.call("user_messages", "Alice") end)
        if not ok then return ok, "Alice's messages: " .. e, g end
        if not output.printed():find("[Bob] [Alice]: Hello!\n", 1, true) then
          return false, "Bob's user printed \"[Bob] [Alice]: Hello!\"", k.show(output.printed())
        end
        return true
      end,
    },
    {
      name = "the replica on node2 keeps the history, newest first",
      hint = "replicate tuple(atom.broadcast, from, text); the replica puts {from = , text = } first in its history",
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        k.call("room_broadcast", "general", "Bob", "Hi Alice")
        return eventually(k, {{from = "Bob", text = "Hi Alice"}, {from = "Alice", text = "Hello!"}},
          function() return server.call(rep, atom.history) end)
      end,
    },
    {
      name = "node1 is killed: the replica on node2 still knows Alice and Bob are in the room",
      hint = "the replica's state came from the replicated operations: it does not need node1",
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        peer.kill(k.peers[1])
        local ok, e, g = k.same(server.call(rep, atom.list_users), {"Alice", "Bob"})
        if not ok then return ok, e, g end
        return k.same(#server.call(rep, atom.history), 2)
      end,
    },
  },
}

-- Checks of katas/36_chat_rooms.lua (format: katas/README.md). Peer 1 is
-- the seed's node1 (Alice, the room), peer 2 its node2 (Bob, a replica);
-- Carol, here, is in no room. The misconceptions they catch: users or
-- rooms under local names, a broadcast to every user instead of the
-- room's, replication that the room does not wait for (a cast: node2 is
-- paused, so a join that returns before node2 is resumed was not
-- acknowledged by the replica), no replication at all (pg groups hold
-- members, not state), and a replica that needs node1 once node1 is gone.

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local mesh = dofile(here .. "lib/mesh.lua")
local eventually = dofile(here .. "lib/eventually.lua")
-- the users print (the seed's IO.puts): into a sink, which check 4 reads
local output = dofile(here .. "lib/output.lua")
local pause = dofile(here .. "lib/pause.lua")

local ROOM = {global = tuple(atom.room, "general")}

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
      hint = {"a user started on node1 must be found from every node: which registry spans the cluster?",
              "server.start(ChatUser, name, {global = tuple(atom.user, name)})"},
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        output.quiet()
        local alice, bob = k.on(k.node(1), "user_start", "Alice"), k.on(k.node(2), "user_start", "Bob")
        if typeof(alice) ~= "pid" or typeof(bob) ~= "pid" then
          return false, "a pid for each", k.show(alice) .. " and " .. k.show(bob)
        end
        local carol = k.call("user_start", "Carol")   -- in no room
        if typeof(carol) ~= "pid" then return false, "a pid for Carol", k.show(carol) end
        local ok, e, g = k.same(global.whereis_name(tuple(atom.user, "Alice")), alice)
        if not ok then return ok, "{:user, \"Alice\"} names " .. e, g end
        return k.same(global.whereis_name(tuple(atom.user, "Bob")), bob)
      end,
    },
    {
      name = "room_start on node1 and room_replica_start on node2: both in the room's pg group",
      hint = {"a room and its replicas find each other through a process group",
              "ChatRoom.init: pg.start(); pg.join(tuple(atom.room_replica, name), self()); the replica has no name"},
      run = function(k)
        output.quiet()
        -- this node runs no room but watches the groups: pg runs here too
        -- (pg.start() when already running says so, harmlessly)
        pg.start()
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
      name = "Alice and Bob join \"general\": the replica has them when user_join returns (node2 paused: the join waits)",
      hint = {"replication the room does not wait for is not acknowledged: when add_user returns, does the replica know?",
              "server.cast returns at once, whatever happens at the replica; server.call waits for its answer",
              "replicate(op): server.call(r, tuple(atom.replicate, op), ms) to each replica but self() (pcall: a dead one is skipped); the replica's handle_call applies op and replies atom.ok"},
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        local p = pause(k.peers[2], 300)
        local a = k.call("user_join", "Alice", "general")
        local waited = not pause.resume(p)
        local at_once = server.call(rep, atom.list_users)
        -- Bob joins whatever happened, so that the later checks have him
        local b = k.on(k.node(2), "user_join", "Bob", "general")
        if a ~= atom.ok then return false, ":ok from Alice's join", k.show(a) end
        if not waited then
          return false, "the join to return after the replica on node2 had Alice",
            "it returned while node2 was paused (the replica could not have her)"
        end
        local ok, e, g = k.same(at_once, {"Alice"})
        if not ok then return ok, "the replica, at once: " .. e, g end
        if b ~= atom.ok then return false, ":ok from Bob's join", k.show(b) end
        ok, e, g = k.same(k.call("room_list_users", "general"), {"Alice", "Bob"})
        if not ok then return ok, e, g end
        ok, e, g = k.same(server.call(rep, atom.list_users), {"Alice", "Bob"})
        if not ok then return ok, "the replica, at once: " .. e, g end
        return true
      end,
    },
    {
      name = "Alice's broadcast reaches Bob on node2: \"[Alice]: Hello!\"",
      hint = {"a room's broadcast goes to the room's users, wherever their processes run",
              "broadcast: for each user of the room, user_send(user, \"[\" .. from .. \"]: \" .. text)"},
      run = function(k)
        if global.whereis_name(tuple(atom.user, "Bob")) == nil then
          return false, "Bob's user running (check 1)", "no {:user, \"Bob\"}"
        end
        k.call("room_broadcast", "general", "Alice", "Hello!")
        local ok, e, g = eventually(k, {"[Alice]: Hello!"}, function() return k.on(k.node(2), "user_messages", "Bob") end)
        if not ok then return ok, "Bob's messages: " .. e, g end
        ok, e, g = eventually(k, {"[Alice]: Hello!"}, function() return k.call("user_messages", "Alice") end)
        if not ok then return ok, "Alice's messages: " .. e, g end
        sleep(50)
        ok, e, g = k.same(k.call("user_messages", "Carol"), {})
        if not ok then return ok, "nothing for Carol, who is in no room: " .. e, g end
        if not output.printed():find("[Bob] [Alice]: Hello!\n", 1, true) then
          return false, "Bob's user printed \"[Bob] [Alice]: Hello!\"", k.show(output.printed())
        end
        return true
      end,
    },
    {
      name = "the replica on node2 has the history, newest first, once the room has the broadcast (node2 paused)",
      hint = {"the room replicates a broadcast as it does a join: acknowledged, before it goes on",
              "replicate tuple(atom.broadcast, from, text) with calls; the replica puts {from = , text = } first in its history"},
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        local p = pause(k.peers[2], 300)
        k.call("room_broadcast", "general", "Bob", "Hi Alice")
        -- a call after the cast: the room answers once it has handled the broadcast
        local history = server.call(ROOM, atom.history)
        local waited = not pause.resume(p)
        local want = {{from = "Bob", text = "Hi Alice"}, {from = "Alice", text = "Hello!"}}
        local ok, e, g = k.same(history, want)
        if not ok then return ok, "the room's history: " .. e, g end
        if not waited then
          return false, "the room to go on after the replica on node2 had the broadcast",
            "it answered while node2 was paused (the replica could not have it)"
        end
        ok, e, g = k.same(server.call(rep, atom.history), want)
        if not ok then return ok, "the replica's history, at once: " .. e, g end
        return true
      end,
    },
    {
      name = "a replica that crashes when the room calls it: the room goes on, the other replica has the user",
      hint = {"waiting for each replica's answer means a replica can fail the call: must one crashed replica stop the room?",
              "server.call raises when the process it calls dies; the room must catch that and go on to the next replica",
              "replicate: pcall(server.call, r, tuple(atom.replicate, op), ms) for each replica; ignore the ones that fail"},
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        -- a member of the room's group, here, that crashes on the first message
        local group = tuple(atom.room_replica, "general")
        local me = self()
        local doomed = spawn(function()
          pg.join(group, self())
          send(me, "joined")
          receive()
          exit("crashed")
        end)
        receive("joined", 500)
        local ok, e, g = eventually(k, 3, function()
          return #(rpc.call(k.node(1), pg.get_members, {group}, 500) or {})
        end)
        if not ok then exit(doomed, "kill"); return false, "node1's pg to see 3 replicas", "it saw " .. g end
        local r1, r2 = pcall(k.call, "room_add_user", "general", "Zed")
        if is_alive(doomed) then exit(doomed, "kill"); return false, "the room to call every replica", "the crashing one got nothing" end
        if not r1 then return false, ":ok from room_add_user", "an error: " .. k.show(r2) end
        if r2 ~= atom.ok then return false, ":ok from room_add_user", k.show(r2) end
        ok, e, g = k.same(server.call(rep, atom.list_users), {"Alice", "Bob", "Zed"})
        if not ok then return ok, "the replica on node2, at once: " .. e, g end
        return k.same(k.call("room_list_users", "general"), {"Alice", "Bob", "Zed"})
      end,
    },
    {
      name = "node1 is killed: the replica on node2 still knows Alice and Bob are in the room",
      hint = {"what does the replica hold that does not live on node1?",
              "the replica's state came from the replicated operations: it does not need node1"},
      run = function(k)
        local rep = replica_on(k.node(2))
        if rep == nil then return false, "a replica on node2 (check 2)", "none in the pg group" end
        peer.kill(k.peers[1])
        local ok, e, g = k.same(server.call(rep, atom.list_users), {"Alice", "Bob", "Zed"})
        if not ok then return ok, e, g end
        return k.same(#server.call(rep, atom.history), 2)
      end,
    },
  },
}

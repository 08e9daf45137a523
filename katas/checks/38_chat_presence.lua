-- Checks of katas/38_chat_presence.lua (format: katas/README.md). Alice
-- runs on peer 1 (node1), Bob on peer 2 (node2), Carol here; a check
-- crashes Alice's process (node1 lives on), the last kills Bob's node.
-- The misconceptions they catch: presence from this node's own registry,
-- online users taken from the node list, a private message sent to
-- everyone, and a watcher that follows the node instead of the process
-- (it misses a user whose process died on a live node) or that runs on
-- the user's node (it dies with that node and tells nobody).

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local mesh = dofile(here .. "lib/mesh.lua")
local eventually = dofile(here .. "lib/eventually.lua")
local output = dofile(here .. "lib/output.lua")   -- the users print

-- The three users, started once (by the first check that needs them).
local function users(k)
  if global.whereis_name(tuple(atom.user, "Carol")) then return true end
  if not mesh(k) then return false end
  output.quiet()
  local a = k.on(k.node(1), "user_start", "Alice")
  local b = k.on(k.node(2), "user_start", "Bob")
  local c = k.call("user_start", "Carol")
  return typeof(a) == "pid" and typeof(b) == "pid" and typeof(c) == "pid"
end

return {
  title = "the chat system: private messages and presence (capstone bonus)",
  hint = "A user is online while global knows {:user, name}; a private message is one cast to that user; a monitor on the user's pid says when it goes offline.",
  cluster = {peers = 2},
  timeout = 4000,   -- ms; generous for loaded machines and the sanitizer build
  checks = {
    {
      name = "presence(name): :online for a running user, :offline for an unknown one",
      hint = {"a user may run on any node: which registry knows them all?",
              "global.whereis_name(tuple(atom.user, name)) is a pid or nil"},
      run = function(k)
        if not users(k) then return false, "Alice, Bob and Carol started", "they did not start" end
        local ok, e, g = k.same(k.call("presence", "Alice"), atom.online)
        if not ok then return ok, "Alice: " .. e, g end
        return k.same(k.call("presence", "Dave"), atom.offline)
      end,
    },
    {
      name = "online_users(): every user in the cluster, sorted",
      hint = {"the users are the global names of one shape, not the nodes",
              "keep the names n[2] of the tuples n in global.registered_names() with n[1] == atom.user"},
      run = function(k)
        global.register_name("not a user", self())
        local got = k.call("online_users")
        global.unregister_name("not a user")
        return k.same(got, {"Alice", "Bob", "Carol"})
      end,
    },
    {
      name = "send_private(\"Alice\", \"Bob\", text) reaches Bob only",
      hint = {"a private message goes to one process: the recipient's",
              "server.cast({global = tuple(atom.user, to)}, tuple(atom.private, from, text)); ChatUser keeps \"(private) [from]: text\""},
      run = function(k)
        local r = k.on(k.node(1), "send_private", "Alice", "Bob", "psst")
        if r ~= atom.ok then return false, ":ok from send_private", k.show(r) end
        local ok, e, g = eventually(k, {"(private) [Alice]: psst"}, function() return k.call("user_messages", "Bob") end)
        if not ok then return ok, "Bob's messages: " .. e, g end
        sleep(100)
        ok, e, g = k.same({alice = k.call("user_messages", "Alice"), carol = k.call("user_messages", "Carol")},
                          {alice = {}, carol = {}})
        if not ok then return ok, "nothing for the others: " .. e, g end
        if not output.printed():find("[Bob] (private) [Alice]: psst\n", 1, true) then
          return false, "Bob's user printed \"[Bob] (private) [Alice]: psst\"", k.show(output.printed())
        end
        return true
      end,
    },
    {
      name = "send_private to an offline user: {:error, :offline}",
      hint = {"ask first whether the recipient is online",
              "if presence(to) == atom.offline then return tuple(atom.error, atom.offline) end"},
      run = function(k)
        return k.same(k.call("send_private", "Carol", "Dave", "are you there?"), tuple(atom.error, atom.offline))
      end,
    },
    {
      name = "Alice's process crashes, node1 lives on: presence_watch tells, and Alice is offline",
      hint = {"a user whose process died is offline even though its node is fine: what do you watch, the node or the process?",
              "node.monitor tells only of nodes; monitor(pid) tells of the process, whatever ends it",
              "presence_watch: monitor the user's pid (global.whereis_name) in a spawned process, and on its DOWN, whatever the reason, send tuple(atom.presence, name, atom.offline)"},
      run = function(k)
        local alice = global.whereis_name(tuple(atom.user, "Alice"))
        if alice == nil then return false, "Alice running (check 1)", "no {:user, \"Alice\"}" end
        local w = k.call("presence_watch", "Alice", self())
        local wc = k.call("presence_watch", "Carol", self())
        if typeof(w) ~= "pid" or typeof(wc) ~= "pid" then return false, "presence_watch returns a pid", k.show(w) end
        exit(alice, "kill")
        local ok, e, g = (function()
          local m = receive(tuple(atom.presence, ANY, ANY), 1000)
          if m == nil then return false, "{:presence, \"Alice\", :offline} within 1 s", "nothing (node1 is still up: only the process died)" end
          local ok, e, g = k.same(m, tuple(atom.presence, "Alice", atom.offline))
          if not ok then return ok, e, g end
          if receive(tuple(atom.presence, "Carol", ANY), 100) then
            return false, "no news of Carol, who is still online", "Carol offline"
          end
          ok, e, g = eventually(k, atom.offline, function() return k.call("presence", "Alice") end)
          if not ok then return ok, "presence(\"Alice\"): " .. e, g end
          return true
        end)()
        exit(wc, "kill")
        -- Alice again, for the next check (whatever happened here)
        local again = k.on(k.node(1), "user_start", "Alice")
        if not ok then return ok, e, g end
        if typeof(again) ~= "pid" then return false, "Alice started again on node1", k.show(again) end
        return eventually(k, atom.online, function() return k.call("presence", "Alice") end)
      end,
    },
    {
      name = "Bob's node is killed: presence_watch tells, and Bob is offline",
      hint = {"the watcher must outlive the node it watches: where does it run?",
              "spawn the watcher here (not on the user's node): a monitor on a remote process fires with :noconnection when its node dies",
              "presence_watch: spawn(function() local ref = monitor(p); receive(tuple(atom.DOWN, ref, ANY, ANY, ANY)); send(pid, ...) end)"},
      run = function(k)
        local w = k.call("presence_watch", "Bob", self())
        if typeof(w) ~= "pid" then return false, "presence_watch returns a pid", k.show(w) end
        if k.call("presence_watch", "Dave", self()) ~= nil then
          return false, "presence_watch of an offline user returns nil", "something else"
        end
        if receive(tuple(atom.presence, "Bob", ANY), 200) then
          return false, "no news while Bob is online", "an offline message at once"
        end
        peer.kill(k.peers[2])
        local m = receive(tuple(atom.presence, "Bob", ANY), 1000)
        if m == nil then return false, "{:presence, \"Bob\", :offline} within 1 s", "nothing" end
        local ok, e, g = k.same(m[3], atom.offline)
        if not ok then return ok, e, g end
        ok, e, g = eventually(k, atom.offline, function() return k.call("presence", "Bob") end)
        if not ok then return ok, "presence(\"Bob\"): " .. e, g end
        return k.same(k.call("online_users"), {"Alice", "Carol"})
      end,
    },
  },
}

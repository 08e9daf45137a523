-- Checks of katas/38_chat_presence.lua (format: katas/README.md). Alice
-- runs on peer 1 (node1), Bob on peer 2 (node2), Carol here; the last
-- check kills Bob's node.

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
      hint = "global.whereis_name(tuple(atom.user, name)) is a pid or nil",
      run = function(k)
        if not users(k) then return false, "Alice, Bob and Carol started", "they did not start" end
        local ok, e, g = k.same(k.call("presence", "Alice"), atom.online)
        if not ok then return ok, "Alice: " .. e, g end
        return k.same(k.call("presence", "Dave"), atom.offline)
      end,
    },
    {
      name = "online_users(): every user in the cluster, sorted",
      hint = "keep the names n[2] of the tuples n in global.registered_names() with n[1] == atom.user",
      run = function(k)
        global.register_name("not a user", self())
        local got = k.call("online_users")
        global.unregister_name("not a user")
        return k.same(got, {"Alice", "Bob", "Carol"})
      end,
    },
    {
      name = "send_private(\"Alice\", \"Bob\", text) reaches Bob only",
      hint = "server.cast({global = tuple(atom.user, to)}, tuple(atom.private, from, text)); ChatUser keeps \"(private) [from]: text\"",
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
      hint = "if presence(to) == atom.offline then return tuple(atom.error, atom.offline) end",
      run = function(k)
        return k.same(k.call("send_private", "Carol", "Dave", "are you there?"), tuple(atom.error, atom.offline))
      end,
    },
    {
      name = "Bob's node is killed: presence_watch tells, and Bob is offline",
      hint = "presence_watch: monitor(pid) in a spawned process; the DOWN comes with :noconnection when the node dies",
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

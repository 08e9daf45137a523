-- Chapter 12 learning exercises (seed 004_01a4f6805bed991c.txt), the
-- capstone: a fault-tolerant distributed chat system. Users are GenServers
-- under {:global, {:user, name}}, rooms under {:global, {:room, name}} with
-- replicas in the pg group {:room_replica, name}; the message store keeps
-- every message on every node (store_local through :rpc.call); the cluster
-- monitor prints the nodes that join and leave (:net_kernel.monitor_nodes);
-- and two bonus challenges, private messages and presence. The seed's
-- testing scenario: Alice on node1, Bob on node2, both join "general",
-- Alice's broadcast reaches Bob. Then a node dies: the seed kills node1;
-- here node2 (Bob's) is killed with kill -9, so that node1 shows Bob going
-- offline, the monitor's "Node left", and the history that survives.
-- The code is katas 36, 37 and 38's (users and rooms; store and monitor;
-- private messages and presence): the guide has the learner load their
-- own; self-running loads scripts/lib/demo/chat.lua. There is no mix application or supervision
-- tree: each piece is started by hand, as the seed's scenario does in iex.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/36_chat_rooms.lua", "katas/37_chat_store.lua",
                            "katas/38_chat_presence.lua" }, "chat.lua")
local LOAD = code.load("type(room_broadcast), type(get_history), type(presence)")

local function at(name) return name .. "@" .. drill.host() end
local function loaded(a, b, c) return a == "function" and b == "function" and c == "function" end
local function pid_on(name) return function(p) return typeof(p) == "pid" and node_of(p) == at(name) end end
local function same_list(want)
  return function(l)
    return type(l) == "table" and #l == #want and table.concat(l, "\n") == table.concat(want, "\n")
  end
end

drill.run {
  title = "Capstone: a fault-tolerant distributed chat system",
  seed = "004_01a4f6805bed991c.txt, Capstone Project: Fault-Tolerant Distributed Chat System",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Load the chat system on node1 (iex --sname node1 -S mix): " .. code.whose .. ".",
      on = "node1", type = LOAD, expect = [["function", "function", "function"]], check = loaded },
    { say = "And on node2.", on = "node2", type = LOAD, expect = [["function", "function", "function"]], check = loaded },
    { say = "On node1: the cluster monitor (ChatSystem.ClusterMonitor), registered locally; it prints the nodes that join and leave.",
      on = "node1", type = [[monitor_start()]], expect = "<...>", check = pid_on("node1") },
    { say = "On node2: Node.connect(:node1@HOST). node1's monitor prints \"Node joined: node2@HOST\".",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "On node1: the monitor's record of it.",
      on = "node1", type = [[server.call("ClusterMonitor", atom.events)]],
      expect = [[["Node joined: node2@HOST"] ]], check = "Node joined: node2@HOST" },
    { say = "Create users: ChatSystem.User.start_link(\"Alice\") on node1 is user_start(\"Alice\") ...",
      on = "node1", type = [[user_start("Alice")]], expect = "<...>", check = pid_on("node1") },
    { say = "... and Bob on node2.", on = "node2", type = [[user_start("Bob")]], expect = "<...>", check = pid_on("node2") },
    { say = "Create the room on node1: ChatSystem.Room.start_link(\"general\"), under {:global, {:room, \"general\"}}.",
      on = "node1", type = [[room_start("general")]], expect = "<...>", check = pid_on("node1") },
    { say = "On node2, a replica of the room: a Room with no global name that joins {:room_replica, \"general\"} and gets every operation the room replicates.",
      on = "node2", type = [[replica = room_replica_start("general"); return replica]], expect = "<...>", check = pid_on("node2") },
    { say = "On node1: the room replicates to the members of {:room_replica, \"general\"} that node1's pg knows; pg tells node1 about node2's replica a moment later (a replica that joins late misses what came before: the seed's design has no catch-up).",
      on = "node1", type = [[for _ = 1, 50 do if #pg.get_members(tuple(atom.room_replica, "general")) == 2 then break end sleep(20) end
return #pg.get_members(tuple(atom.room_replica, "general"))]], expect = "2", check = function(n) return n == 2 end },
    { say = "Join the room: Alice from node1 ...",
      on = "node1", type = [[user_join("Alice", "general")]], expect = ":ok", check = ":ok" },
    { say = "... Bob from node2.",
      on = "node2", type = [[user_join("Bob", "general")]], expect = ":ok", check = ":ok" },
    { say = "Send: ChatSystem.Room.broadcast(\"general\", \"Alice\", \"Hello!\"). Bob's user prints \"[Bob] [Alice]: Hello!\" on node2 (and Alice's on node1); the store keeps it on both nodes.",
      on = "node1", type = [[room_broadcast("general", "Alice", "Hello!")
return store_message("general", "Alice: Hello!")]], expect = ":ok", check = ":ok" },
    { say = "On node2: Bob received it.",
      on = "node2", type = [[sleep(100); return user_messages("Bob")]],
      expect = [[["[Alice]: Hello!"] ]], check = same_list({"[Alice]: Hello!"}) },
    { say = "On node2: the room's replica has the users and the history, and node2's store has the message.",
      on = "node2", type = [[server.call(replica, atom.list_users), get_history("general")]],
      expect = [[["Alice", "Bob"], ["Alice: Hello!"] ]],
      check = function(users, history)
        return same_list({"Alice", "Bob"})(users) and same_list({"Alice: Hello!"})(history)
      end },
    { say = "Bonus 1, private messages: from Bob to Alice only.",
      on = "node2", type = [[send_private("Bob", "Alice", "psst, Alice")]], expect = ":ok", check = ":ok" },
    { say = "On node1: Alice has it, first; Bob's own messages do not.",
      on = "node1", type = [[sleep(100); return user_messages("Alice")[1], #user_messages("Bob")]],
      expect = [["(private) [Bob]: psst, Alice", 1]],
      check = function(first, bobs) return first == "(private) [Bob]: psst, Alice" and bobs == 1 end },
    { say = "Bonus 2, presence. On node1: Bob is online; watch him.",
      on = "node1", type = [[watcher = presence_watch("Bob", self()); return presence("Bob"), online_users()]],
      expect = [[:online, ["Alice", "Bob"] ]],
      check = function(p, users) return p == atom.online and same_list({"Alice", "Bob"})(users) end },
    { say = "node2 dies (kill -9 here; in yours, close terminal node2). On node1, the watcher's news arrives:",
      act = function(ctx) ctx.kill("node2") end,
      on = "node1", type = [[receive(tuple(atom.presence, "Bob", ANY), 2000)]],
      expect = [[{:presence, "Bob", :offline}]], check = [[{:presence, "Bob", :offline}]] },
    { say = "On node1: Bob is offline; a private message to him says so.",
      on = "node1", type = [[sleep(200); return presence("Bob"), send_private("Alice", "Bob", "are you there?")]],
      expect = [[:offline, {:error, :offline}]], check = [[:offline, {:error, :offline}]] },
    { say = "The monitor saw node2 leave (it printed \"Node left: node2@HOST\").",
      on = "node1", type = [[server.call("ClusterMonitor", atom.events)]],
      expect = [[["Node joined: node2@HOST", "Node left: node2@HOST"] ]], check = "Node left: node2@HOST" },
    { say = "And the history survives on node1: the store wrote it on every node.",
      on = "node1", type = [[get_history("general")]], expect = [[["Alice: Hello!"] ]],
      check = same_list({"Alice: Hello!"}) },
  },
}

-- Checks of katas/37_chat_store.lua (format: katas/README.md). Peer 1 is
-- the seed's node1, connected from the start; peer 2 only when a check
-- connects it, so that the monitor sees it join. The misconceptions they
-- catch: a store written only on the caller's node (or only on the
-- others), replication that does not wait for the other nodes (a cast:
-- node1 is paused, so a store_message that returns before node1 is
-- resumed was not acknowledged by it), a store_message with no bound on
-- a node that does not answer (node1 paused 1.5 s), a monitor that
-- misses a node's death, no recovery when node1 restarts (its history
-- must come back from the survivors, with what was said while it was
-- down), a recovery that copies the history once per survivor, or into a
-- node that had it.

-- the monitor prints (the seed's IO.puts): into a sink, which the checks read
local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local output = dofile(here .. "lib/output.lua")
local eventually = dofile(here .. "lib/eventually.lua")
local pause = dofile(here .. "lib/pause.lua")
local background = dofile(here .. "lib/background.lua")

local function monitor_here()
  return whereis("ClusterMonitor")
end

-- A word nobody can guess, so that a message in a history was stored, not
-- made up.
local function fresh(prefix) return prefix .. "-" .. math.random(1e6, 1e7 - 1) end

-- what the checks stored in "general", newest first (check 6 adds to it)
local GENERAL = {"m4", "m3", "m2", "m1", "Hello!"}

return {
  title = "the chat system: message store and cluster monitor (capstone, part 2)",
  hint = "store_message runs store_local on every node through rpc; get_history reads this node's store; the monitor is a server that gets {:nodeup, n} and {:nodedown, n} once node.monitor_nodes(true) is on; a node that comes back takes the history from a survivor.",
  cluster = {peers = {{}, {connect = false}}},
  timeout = 4000,   -- ms; generous for loaded machines and the sanitizer build
  checks = {
    {
      name = "store_local and get_history on one node: newest first",
      hint = {"each node keeps its own store; what orders it?",
              "give each message a growing id; sort by id, highest first"},
      run = function(k)
        k.call("store_local", "lobby", "one")
        k.call("store_local", "lobby", "two")
        return k.same(k.call("get_history", "lobby"), {"two", "one"})
      end,
    },
    {
      name = "store_message from node1 is in the history here and on node1",
      hint = {"\"store on all nodes\": each node's store is in that node's memory, and only code running there can write it",
              "store_local here, then rpc.call(n, store_local, {room, message}) for each n of node.list()"},
      run = function(k)
        k.on(k.node(1), "store_message", "general", "Hello!")
        local ok, e, g = k.same(k.call("get_history", "general"), {"Hello!"})
        if not ok then return ok, "here: " .. e, g end
        ok, e, g = k.same(k.on(k.node(1), "get_history", "general"), {"Hello!"})
        if not ok then return ok, "on node1: " .. e, g end
        return true
      end,
    },
    {
      name = "get_history(room, limit): at most limit, the newest; other rooms apart",
      hint = {"a history is one room's, and limit cuts it",
              "only entries of room; then the first limit of them"},
      run = function(k)
        for i = 1, 4 do k.call("store_message", "general", "m" .. i) end
        k.call("store_message", "random", "elsewhere")
        local ok, e, g = k.same(k.call("get_history", "general", 2), {"m4", "m3"})
        if not ok then return ok, e, g end
        return k.same(k.on(k.node(1), "get_history", "general"), GENERAL)
      end,
    },
    {
      name = "store_message returns once every node has it: node1 paused, it waits for node1",
      hint = {"replication that the caller does not wait for is not acknowledged: when store_message returns, is the message on every node?",
              "rpc.cast returns at once and never says how it went; rpc.call waits for node n's answer",
              "rpc.call(n, store_local, {room, message}, 700) for each n of node.list(): a slow node is waited for, a dead one answers badrpc"},
      run = function(k)
        local word = fresh("ack")
        local p = pause(k.peers[1], 200)
        k.call("store_message", "acks", word)
        local waited = not pause.resume(p)
        if not waited then
          return false, "store_message to return after node1 stored the message",
            "it returned while node1 was paused (it could not have stored it)"
        end
        return k.same(k.on(k.node(1), "get_history", "acks"), {word})
      end,
    },
    {
      name = "monitor_start: the monitor lists the connected nodes, and sees node2 join; node2's own gets the history",
      hint = {"monitor_nodes(true) makes node events messages to the process that asked; a node that joins empty needs the history",
              "init: node.monitor_nodes(true); {nodes = node.list(), events = {}}; nodeup: print and note \"Node joined: n\""},
      run = function(k)
        output.quiet()
        local before = k.call("get_history", "general")
        local pid = k.call("monitor_start")
        if typeof(pid) ~= "pid" or pid ~= monitor_here() then
          return false, "a pid, registered as ClusterMonitor", k.show(pid)
        end
        local ok, e, g = k.same(k.call("get_history", "general"), before)
        if not ok then return ok, "this node's history unchanged by monitor_start (it had it all): " .. e, g end
        ok, e, g = k.same(server.call(pid, atom.nodes), {k.node(1)})
        if not ok then return ok, "its nodes: " .. e, g end
        node.connect(k.node(2))
        local want = {k.node(1), k.node(2)}
        table.sort(want)
        ok, e, g = eventually(k, want, function() return server.call(pid, atom.nodes) end)
        if not ok then return ok, "its nodes: " .. e, g end
        ok, e, g = k.same(server.call(pid, atom.events), {"Node joined: " .. k.node(2)})
        if not ok then return ok, "its events: " .. e, g end
        if not output.printed():find("Node joined: " .. k.node(2) .. "\n", 1, true) then
          return false, "the monitor printed \"Node joined: " .. k.node(2) .. "\"", k.show(output.printed())
        end
        -- node2 starts the chat too: it joined empty, so it takes the history
        local m2 = k.on(k.node(2), "monitor_start")
        if typeof(m2) ~= "pid" then return false, "monitor_start on node2 returns a pid", k.show(m2) end
        ok, e, g = eventually(k, GENERAL, function() return k.on(k.node(2), "get_history", "general") end)
        if not ok then return ok, "node2, which joined empty, after its monitor_start: " .. e, g end
        return true
      end,
    },
    {
      name = "store_message while node1 does not answer (paused 1.5 s): it returns within 1.2 s, and node2 has the message",
      hint = {"a node that does not answer must not hold the others up: every call to another node needs a bound",
              "rpc.call waits for ever when it has no timeout (the seed's has none): give it one, and go on to the next node when it gives nil",
              "rpc.call(n, store_local, {room, message}, 700) for each n of node.list(), whatever it returns"},
      run = function(k)
        local word = fresh("hung")
        local p = pause(k.peers[1], 1500)          -- connected, but silent
        local job = background(k.call, "store_message", "hung", word)
        local returned = background.result(job, 1200) ~= nil
        local on2 = returned and k.on(k.node(2), "get_history", "hung") or nil
        pause.resume(p)
        if not returned then
          return false, "store_message to return within 1.2 s", "it was still waiting for node1 (paused) after 1.2 s"
        end
        return k.same(on2, {word})
      end,
    },
    {
      name = "node1 is killed: the monitor sees it leave, the history survives, store_message goes on",
      hint = {"a node that dies sends nothing: the news comes from the node monitor",
              "nodedown: print and note \"Node left: n\", remove n from nodes; store_message keeps going to the nodes that are left"},
      run = function(k)
        local pid = monitor_here()
        if pid == nil then return false, "the ClusterMonitor running (previous check)", "none" end
        peer.kill(k.peers[1])
        local ok, e, g = eventually(k, {"Node joined: " .. k.node(2), "Node left: " .. k.node(1)},
          function() return server.call(pid, atom.events) end)
        if not ok then return ok, "its events: " .. e, g end
        ok, e, g = k.same(server.call(pid, atom.nodes), {k.node(2)})
        if not ok then return ok, "its nodes: " .. e, g end
        ok, e, g = k.same(k.call("get_history", "general", 1), {"m4"})
        if not ok then return ok, "the history here: " .. e, g end
        -- said twice while node1 is down: node1 must get both back when it
        -- returns (the same text twice is two messages)
        local word = fresh("while node1 was down")
        for _ = 1, 2 do
          k.call("store_message", "general", word)
          table.insert(GENERAL, 1, word)
        end
        ok, e, g = k.same(k.on(k.node(2), "get_history", "general", 3), {word, word, "m4"})
        if not ok then return ok, "on node2: " .. e, g end
        return true
      end,
    },
    {
      name = "node1 restarts on a new machine: its monitor_start gets the history back from the survivors, once",
      hint = {"a restarted node starts empty: its history must come from the nodes that kept it",
              "recover() (called by ClusterMonitor.init) copies a survivor's whole store when this node's is empty: one survivor, not each",
              "in recover: for the first n of node.list() that answers, rpc.call(n, a function returning its store), then store_local each entry here, oldest first"},
      timeout = 5000,
      run = function(k)
        if monitor_here() == nil then return false, "the ClusterMonitor running (check 5)", "none" end
        output.quiet()   -- the restarted node's monitor prints too
        -- node2 runs the chat too (check 5): a survivor that syncs on
        -- nodeup would push a second copy
        local dir = k.dir(1) .. "-restarted"
        os.execute("mkdir -p '" .. dir .. "'")
        local h, why = peer.start{name = k.peers[1].name, dir = dir, output = false}
        if not h then return false, "node1 restarted", k.show(why) end
        local r = table.pack(pcall(function()
          local m1 = k.on(h.node, "monitor_start")
          if typeof(m1) ~= "pid" then return false, "monitor_start on the restarted node1 returns a pid", k.show(m1) end
          local ok, e, g = eventually(k, GENERAL, function() return k.on(h.node, "get_history", "general") end)
          if not ok then return ok, "node1's history of general: " .. e, g end
          ok, e, g = k.same({k.on(h.node, "get_history", "random"), k.on(h.node, "get_history", "acks")},
                            {k.call("get_history", "random"), k.call("get_history", "acks")})
          if not ok then return ok, "node1's other rooms, as here: " .. e, g end
          sleep(100)   -- a second copy, late, would show now
          ok, e, g = k.same(k.on(h.node, "get_history", "general"), GENERAL)
          if not ok then return ok, "node1's history of general, each message once: " .. e, g end
          return true
        end))
        peer.stop(h)
        os.execute("rm -rf '" .. dir .. "'")
        if not r[1] then error(r[2], 0) end
        return table.unpack(r, 2, r.n)
      end,
    },
  },
}

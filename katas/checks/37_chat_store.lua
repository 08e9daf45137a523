-- Checks of katas/37_chat_store.lua (format: katas/README.md). Peer 1 is
-- connected from the start; peer 2 only when a check connects it, so that
-- the monitor sees it join.

-- the monitor prints (the seed's IO.puts): into a sink, which the checks read
local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local output = dofile(here .. "lib/output.lua")
local eventually = dofile(here .. "lib/eventually.lua")

local function monitor_here()
  return whereis("ClusterMonitor")
end

return {
  title = "the chat system: message store and cluster monitor (capstone, part 2)",
  hint = "store_message runs store_local on every node through rpc; get_history reads this node's store; the monitor is a server that gets {:nodeup, n} and {:nodedown, n} once node.monitor_nodes(true) is on.",
  cluster = {peers = {{}, {connect = false}}},
  timeout = 4000,   -- ms; generous for loaded machines and the sanitizer build
  checks = {
    {
      name = "store_local and get_history on one node: newest first",
      hint = "give each message a growing id; sort by id, highest first",
      run = function(k)
        k.call("store_local", "lobby", "one")
        k.call("store_local", "lobby", "two")
        return k.same(k.call("get_history", "lobby"), {"two", "one"})
      end,
    },
    {
      name = "store_message from node1 is in the history here and on node1",
      hint = "store_local here, then rpc.call(n, store_local, {room, message}) for n in node.list()",
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
      hint = "only entries of room; then the first limit of them",
      run = function(k)
        for i = 1, 4 do k.call("store_message", "general", "m" .. i) end
        k.call("store_message", "random", "elsewhere")
        local ok, e, g = k.same(k.call("get_history", "general", 2), {"m4", "m3"})
        if not ok then return ok, e, g end
        return k.same(k.on(k.node(1), "get_history", "general"), {"m4", "m3", "m2", "m1", "Hello!"})
      end,
    },
    {
      name = "monitor_start: the monitor lists the connected nodes, and sees node2 join",
      hint = "init: node.monitor_nodes(true); {nodes = node.list(), events = {}}; nodeup: print and note \"Node joined: n\"",
      run = function(k)
        output.quiet()
        local pid = k.call("monitor_start")
        if typeof(pid) ~= "pid" or pid ~= monitor_here() then
          return false, "a pid, registered as ClusterMonitor", k.show(pid)
        end
        local ok, e, g = k.same(server.call(pid, atom.nodes), {k.node(1)})
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
        return true
      end,
    },
    {
      name = "node1 is killed: the monitor sees it leave, and the history survives here",
      hint = "nodedown: print and note \"Node left: n\", remove n from nodes",
      run = function(k)
        local pid = monitor_here()
        if pid == nil then return false, "the ClusterMonitor running (previous check)", "none" end
        peer.kill(k.peers[1])
        local ok, e, g = eventually(k, {"Node joined: " .. k.node(2), "Node left: " .. k.node(1)},
          function() return server.call(pid, atom.events) end)
        if not ok then return ok, "its events: " .. e, g end
        ok, e, g = k.same(server.call(pid, atom.nodes), {k.node(2)})
        if not ok then return ok, "its nodes: " .. e, g end
        return k.same(k.call("get_history", "general", 1), {"m4"})
      end,
    },
  },
}

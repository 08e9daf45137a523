-- Checks of katas/03_node_monitoring.lua (format: katas/README.md).
-- Nodes go away in the ways the seeds name: peer 1 drops its connection
-- to us and lives on (then we connect again), peers 3 and 4 are killed,
-- and a name no node has cannot be reached. A wait that is over must
-- leave no monitor behind: the checks look in the caller's mailbox for a
-- nodedown that should not be there. Processes that end on peer 1 while
-- its node stays up must not count as the node going away. Peer 2 starts
-- unconnected, for the watcher's nodeup.

local lib = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local eventually = dofile(lib .. "eventually.lua")
local mesh = dofile(lib .. "mesh.lua")

-- Node n drops its connection to this node after ms (it stays up).
local function disconnect_later(n, ms)
  rpc.cast(n, function(from, wait) sleep(wait); node.disconnect(from) end, {node.self(), ms})
end

-- Connects to peer i again and waits until both sides' global has synced,
-- so that the next disconnect is not undone by a sync still on its way.
local function reconnect(k, i)
  local n = k.node(i)
  for _ = 1, 50 do
    if node.connect(n) then break end
    sleep(20)
  end
  rpc.call(n, global.sync, {}, 1000)
  global.sync()
end

-- A nodedown for n left in this process's mailbox within ms.
local function stray(n, ms)
  return receive(tuple(atom.nodedown, n), ms)
end

-- Runs wait_nodedown(n, ms) in a process of its own: its pid and a
-- monitor of it. It sends back its result.
local function start_wait(n, ms)
  local check = self()
  return spawn_monitor(function()
    send(check, tuple("waited", self(), {v = wait_nodedown(n, ms)}))
  end)
end

local function waited(pid, ms)
  local m = receive(tuple("waited", pid, ANY), ms)
  return m and m[3].v
end

-- Kills every process on this node but the caller that is not in the
-- list before. Runs on the peer (globals and arguments only).
local function end_new_processes(before)
  local old = {}
  for _, p in ipairs(before) do old[tostring(p)] = true end
  local ended = 0
  for _, p in ipairs(processes()) do
    if not old[tostring(p)] and p ~= self() then exit(p, "kill"); ended = ended + 1 end
  end
  return ended
end

local function nobody()
  return "nobody_" .. _peer.getpid() .. "@" .. node.self():match("@(.*)$")
end

return {
  title = "node monitoring",
  hint = {"Watch the node itself: a message comes when it goes, however it goes.",
          "node.monitor(n, true) for one node; node.monitor_nodes(true) for every node, in the process that wants the messages"},
  cluster = {peers = {{}, {connect = false}, {}, {}}},
  timeout = 1500,
  checks = {
    {
      name = "wait_nodedown(n, ms) returns true when n drops its connection, though it still runs",
      hint = {"A node that disconnects is gone for you, though it still runs; asking it whether it is there brings it back.",
              "node.ping or rpc to n connect again; node.monitor(n, true) tells you of the disconnect instead",
              "node.monitor(n, true); receive(tuple(atom.nodedown, n), ms) ~= nil"},
      run = function(k)
        local n = k.node(1)
        disconnect_later(n, 50)
        local got = k.call("wait_nodedown", n, 1000)
        reconnect(k, 1)
        return k.same(got, true)
      end,
    },
    {
      name = "wait_nodedown returns false while n stays up, and leaves no monitor behind",
      hint = {"A wait that is over must not leave a monitor behind: its nodedown would come later, to a caller who no longer waits.",
              "when ms runs out, take the monitor back: node.monitor(n, false)"},
      run = function(k)
        local n = k.node(1)
        local got = k.call("wait_nodedown", n, 100)
        if got ~= false then return false, "false (n stayed up)", k.show(got) end
        node.disconnect(n)
        local m = stray(n, 150)
        reconnect(k, 1)
        if m then return false, "no nodedown after the wait was over", "a nodedown for " .. n .. " came to the caller later" end
        return true
      end,
    },
    {
      name = "one wait_nodedown that sees n go leaves no second nodedown in the mailbox",
      hint = {"Each node.monitor(n, true) is a monitor of its own: two of them bring two nodedown messages.",
              "monitor n once per wait, and not again in a loop"},
      run = function(k)
        local n = k.node(1)
        disconnect_later(n, 50)
        local got = k.call("wait_nodedown", n, 1000)
        local m = stray(n, 100)
        reconnect(k, 1)
        if got ~= true then return false, "true", k.show(got) end
        if m then return false, "one nodedown, taken by the wait", "a second nodedown for " .. n .. " left in the mailbox" end
        return true
      end,
    },
    {
      name = "wait_nodedown returns true when n is killed, and at once for a node that cannot be reached",
      hint = {"A killed node and one that was never there are gone too: a node monitor tells you either way.",
              "node.monitor(n, true) on a node that cannot be reached gives its nodedown at once (monitoring connects first)"},
      run = function(k)
        local victim = k.peers[4]
        local pid = start_wait(k.node(4), 1000)
        sleep(100)
        peer.kill(victim)
        local got = waited(pid, 1200)
        if got ~= true then return false, "true for a killed node", k.show(got) end
        got = waited(start_wait(nobody(), 1000), 500)
        if got ~= true then return false, "true at once for a node no one runs", k.show(got) end
        return true
      end,
    },
    {
      name = "wait_nodedown ignores processes ending on n: only the node going away counts",
      hint = {"A process on n may end while n lives on: watching a process is not watching its node.",
              "a process monitor fires when that process ends for any reason; a node monitor only when the node goes",
              "no spawn on n: node.monitor(n, true)"},
      run = function(k)
        local n = k.node(1)
        local before = rpc.call(n, processes, {}, 1000)
        local pid = start_wait(n, 250)
        sleep(80)
        rpc.call(n, end_new_processes, {before}, 1000)
        local got = waited(pid, 1000)
        return k.same(got, false)
      end,
    },
    {
      name = "the watcher logs the nodeup of a node that connects, then its nodedown",
      hint = {"node.monitor_nodes sends its messages to the process that called it, and to no other.",
              "call node.monitor_nodes(true) inside the watcher process, then receive in a loop and keep each message",
              "watcher_log sends the watcher a request with self(); the watcher answers with its log"},
      run = function(k)
        local watcher = k.call("start_watcher")
        if typeof(watcher) ~= "pid" then return false, "the watcher's pid", k.show(watcher) end
        if whereis("node_watcher") ~= watcher then return false, "the watcher registered as \"node_watcher\"", k.show(whereis("node_watcher")) end
        sleep(50)
        reconnect(k, 2)
        -- the full mesh first: a peer that meets peer 2 later would tell
        -- it of this node, and it would connect again
        if not mesh(k, {1, 2, 3}) then return false, "the peers to see each other", "they did not within a second" end
        local n = k.node(2)
        local ok, want, got = eventually(k, {tuple(atom.nodeup, n)}, function() return k.call("watcher_log") end)
        if not ok then return false, want, got end
        node.disconnect(n)
        return eventually(k, {tuple(atom.nodeup, n), tuple(atom.nodedown, n)}, function() return k.call("watcher_log") end)
      end,
    },
    {
      name = "the watcher logs the nodedown of a node that is killed",
      hint = {"From here, a node killed and a node disconnected look the same: a nodedown.",
              "the watcher keeps every message it gets, in order"},
      run = function(k)
        local before = k.call("watcher_log")
        if type(before) ~= "table" then return false, "the watcher's log", k.show(before) end
        peer.kill(k.peers[3])
        local want = {}
        for i, m in ipairs(before) do want[i] = m end
        want[#want + 1] = tuple(atom.nodedown, k.node(3))
        return eventually(k, want, function() return k.call("watcher_log") end)
      end,
    },
  },
}

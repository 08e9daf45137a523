-- Kata 03: node monitoring
--
-- From the seeds: kata 83's "Node Monitoring" (000): Node.monitor(node,
-- true), then receive {:nodedown, node}; or :net_kernel.monitor_nodes(true)
-- for the {:nodeup, node} and {:nodedown, node} of every node. The reading
-- notes 12.1 (002): "Node.monitor/1 to get info when a node disconnects",
-- "you can watch all nodes with :net_kernel.monitor_nodes/1,2"; 12.2: from
-- a node's point of view it does not matter why another node is gone, and
-- it cannot tell. Learning Drill 5's exercises 3 and 4 (004): monitor a
-- node, disconnect it, see what message arrives.
--
-- Do, in order:
--   1. wait_nodedown(n, ms): watch node n (the node, not a process on it)
--      and wait up to ms milliseconds for it to go away, however it goes:
--      its connection dropped (it disconnected; it is still running) or
--      the node killed. Return true when it went, false when ms ran out.
--      Leave nothing behind: when you return false, take the monitor back,
--      so that no nodedown arrives later for a wait that is over; and one
--      wait is one monitor, so one nodedown.
--   2. start_watcher(): start a process that subscribes to the nodeup and
--      nodedown of every node and keeps them, in the order they came, as a
--      log; register it as "node_watcher" and return its pid.
--   3. watcher_log(): ask the watcher for its log and return it: a list of
--      the messages it got, tuple(atom.nodeup, name) and
--      tuple(atom.nodedown, name).
-- Check with: repl --check katas/03_node_monitoring.lua
-- (the checks start four peer nodes; they disconnect one, kill two, and
-- end processes on one while its node stays up)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   Node.monitor(node, true)                   node.monitor(n, true)
--   Node.monitor(node, false)                  node.monitor(n, false)
--   receive do                                 receive(tuple(atom.nodedown, n), ms)
--     {:nodedown, ^node} -> ...
--   after ms -> ...                            -- nil when ms ran out
--   end
--   :net_kernel.monitor_nodes(true)            node.monitor_nodes(true)
--   {:nodeup, node} / {:nodedown, node}        tuple(atom.nodeup, n) / tuple(atom.nodedown, n)
--   pid = spawn(fn -> ... end)                 local pid = spawn(function() ... end)
--   Process.register(pid, :node_watcher)       register("node_watcher", pid)
-- A node name in these messages is a string. Each node.monitor(n, true)
-- is a monitor of its own, and each brings its own nodedown.
-- node.monitor_nodes(true) subscribes the process that calls it, and only
-- that one.

-- TODO 1: true if node n goes away within ms, else false (and no monitor left).
function wait_nodedown(n, ms)
end

-- TODO 2: a registered process that logs every nodeup and nodedown.
function start_watcher()
end

-- TODO 3: the watcher's log, oldest first.
function watcher_log()
end

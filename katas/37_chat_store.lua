-- Kata 37: the chat system, part 2: the message store and the cluster
-- monitor (capstone, seed 004)
--
-- From the seeds: the capstone's requirements 3 "Message Store with
-- Replication" and 4 "Node Failure Detection" (004). Every node keeps the
-- whole history (the seed's ETS bag; here a Lua table of this node);
-- store_message writes it on every node through rpc, so it survives when a
-- node dies. The cluster monitor prints the nodes that join and leave.
--
-- Do, in order:
--   1. store_local(room, message): keep message for room in this node's
--      store with an id that grows (the seed's System.unique_integer()):
--      a counter of this node is enough.
--   2. store_message(room, message): store_local on this node and on every
--      node of node.list(), through rpc.call, and return only when they
--      have it (acknowledged: the checks pause a node and look at once); a
--      node that does not answer must not stop the others: give each
--      rpc.call a timeout of 700 ms, and skip a node that did not answer
--      in time (rpc.call with no timeout waits for ever).
--   3. get_history(room, limit): this node's messages of room, newest
--      first, at most limit (100 when limit is nil).
--   4. ClusterMonitor, a server: init turns node.monitor_nodes(true) on
--      and keeps {nodes = node.list(), events = {}}. handle_info of
--      tuple(atom.nodeup, n): print "Node joined: n", add n to nodes, and
--      add the printed line to events; of tuple(atom.nodedown, n): "Node
--      left: n", remove n. handle_call(atom.nodes): the nodes, sorted;
--      handle_call(atom.events): the events, oldest first.
--   5. monitor_start(): start ClusterMonitor registered as "ClusterMonitor".
--   6. The seed's testing step "Restart node1, verify state recovers":
--      recover(), called first thing in ClusterMonitor.init: when this
--      node's store is empty (it has just started), copy into it the whole
--      store of one node of node.list() that answers (every room, oldest
--      first, so the order is kept); return how many messages it copied.
--      The seed has the survivors call ChatSystem.sync_with_node(node) on
--      nodeup (it never defines it): with two survivors that would be two
--      copies, so here the node that joins asks one survivor instead.
-- The seed's ChatSystem.handle_node_failure(node) is never defined either:
-- nothing to do here, the other nodes hold every message.
-- Check with: repl --check katas/37_chat_store.lua
-- (the checks start two peers, pause the first for a moment, connect the
-- second later (it starts the chat empty: recover gives it the history),
-- kill the first, then start a fresh node1 in an empty folder, as on a
-- new machine: its history can only come from the survivors)
--
-- Elixir (what the seed shows)                  Lua (this shell)
--   for node <- [node() | Node.list()] do         for _, n in ipairs(nodes) do  -- this node and node.list()
--     :rpc.call(node, __MODULE__, :store_local,     rpc.call(n, store_local, {room, message}, ms)
--               [room, message])                  end
--   :ets.insert(__MODULE__,                       CHAT_STORE = CHAT_STORE or {}
--     {{room, System.unique_integer()}, message}) CHAT_SEQ = (CHAT_SEQ or 0) + 1
--                                                 table.insert(CHAT_STORE, {room = room, id = CHAT_SEQ, message = message})
--   |> Enum.sort_by(fn {id, _} -> -id end)        table.sort(list, function(a, b) return a.id > b.id end)
--   |> Enum.take(limit)                           for i = 1, math.min(limit, #list) ...
--   :net_kernel.monitor_nodes(true,               node.monitor_nodes(true)   -- visible nodes
--     node_type: :visible)
--   def handle_info({:nodeup, node}, state)       function ClusterMonitor.handle_info(msg, s)
--     IO.puts("Node joined: #{node}")               if msg[1] == atom.nodeup then print("Node joined: " .. msg[2]) ...
--     {:noreply, %{state | nodes: [node | ...]}}    return s
--   (sync_with_node: the node that joins pulls)  rpc.call(n, function() return CHAT_STORE end, {})
-- rpc.call(n, store_local, ...) runs your function on node n, where the
-- globals (CHAT_STORE) are n's own. The checks load this file on the peers.

-- TODO 1
function store_local(room, message)
end

-- TODO 2
function store_message(room, message)
end

-- TODO 3
function get_history(room, limit)
end

-- TODO 4
ClusterMonitor = {}

-- TODO 5
function monitor_start()
end

-- TODO 6: a node that starts empty takes a survivor's history.
function recover()
end

-- Kata 05: hidden nodes
--
-- From the seeds: kata 83's "Hidden Nodes" (000): `iex --sname monitor
-- --hidden`; hidden nodes "don't appear in Node.list() on other nodes",
-- "don't trigger auto-connections", are "useful for monitoring, debugging,
-- or admin tools"; its pitfall 5 (full mesh scaling: "consider hidden
-- nodes"); the reading notes 12.3 (002): "you can connect hidden and other
-- nodes won't see you".
--
-- A hidden node's connections are hidden at both ends: the nodes it
-- connects to list it only among their hidden nodes, and it lists them
-- only among its own (its Node.list() stays empty). Nothing meshes through
-- it: the nodes it talks to are not connected to each other because of
-- it.
--
-- Do, in order:
--   1. everyone(): the sorted names of every node this node has a
--      connection to, visible and hidden. (The checks run it here, and on
--      a hidden node.)
--   2. kind_of(n): how this node is connected to node n: "visible",
--      "hidden", or "none". Only look: asking must not connect to n.
--   3. cluster_view(n): run on a hidden admin node: the cluster that node
--      n belongs to, as n sees it: the sorted names of n and of the
--      visible nodes n is connected to. The admin node itself is not part
--      of it.
--   4. bridge(a, b): run on a hidden admin node: make nodes a and b
--      connected to each other (with a full mesh among the visible nodes
--      following, as always). Return true.
-- Check with: repl --check katas/05_hidden_nodes.lua
-- (the checks start four peer nodes: peer 2 hidden, peer 3 not connected;
-- they run cluster_view and bridge on the hidden one)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   iex --sname monitor --hidden               repl --sname monitor --hidden
--   Node.list()                                node.list()            -- visible nodes
--   Node.list(:hidden)                         node.list("hidden")
--   Node.list(:connected)                      node.list("connected") -- both
--   Node.connect(node)                         node.connect(n)
--   Node.ping(node)                            node.ping(n)          -- connects first
--   :rpc.call(node, Node, :list, [])           rpc.call(n, node.list, {})
--   :rpc.call(node, Node, :connect, [other])   rpc.call(n, node.connect, {other})
--   Enum.sort(list)                            table.sort(list)
-- node.self() is this node's name; rpc.call(n, node.self) is n's.

-- TODO 1: every node this one is connected to, visible and hidden, sorted.
function everyone()
end

-- TODO 2: "visible", "hidden" or "none", without connecting.
function kind_of(n)
end

-- TODO 3: n and n's visible nodes, sorted, as n sees them.
function cluster_view(n)
end

-- TODO 4: a and b connected to each other.
function bridge(a, b)
end

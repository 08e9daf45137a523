-- Kata 01: connecting nodes
--
-- From the seeds: learning Drill 1 "Starting and Connecting Nodes"
-- (004), kata 83's "The Node functions" and "full mesh" (000), and the
-- blog post's "connecting local nodes" (003).
--
-- Do, in order:
--   1. join(n): connect this node to node n. Return true when connected;
--      false and the reason when not (a node that is not running, say).
--   2. members(): every node of the cluster, this one included, as a
--      sorted list of names (Elixir: Node.list([:this, :visible])). A
--      hidden node (kata 83's monitoring tool, iex --hidden) is connected
--      but is not a member; nor is a node that was connected once.
--   3. A check runs your join on one peer to connect it to another, then
--      joins this node to the first: the full mesh must bring the second.
--   4. leave(n): disconnect from n, and from n only; return true. A later
--      join(n) must connect again. n's connections to other nodes are n's:
--      they stay.
-- Check with: repl --check katas/01_connecting_nodes.lua
-- (the checks start three peer nodes for you, the third one hidden:
-- nothing to start by hand)
--
-- Elixir (what the seeds show)            Lua (this shell)
--   iex --sname node1                       repl --sname node1
--   iex --sname mon --hidden                repl --sname mon --hidden
--   node() / Node.self()                    node.self()         -- "node1@host"
--   Node.connect(:node2@host)  # true       node.connect("node2@host")
--                              # false        -- true, or false and why
--   Node.ping(:node2@host)  # :pong/:pang   node.ping("node2@host") -- "pong"/"pang"
--   Node.list()                             node.list()         -- the visible nodes
--   Node.list(:hidden), Node.list(:known)   node.list("hidden"), node.list("known")
--   Node.list([:this, :visible])            node.list takes one kind per call:
--                                             "this", "visible", "hidden",
--                                             "connected", "known"
--   Node.disconnect(:node2@host)            node.disconnect("node2@host")
--   Enum.sort(list)                         table.sort(list)     -- in place
-- Node names are strings here ("n2@host"), atoms in Elixir.

-- TODO 1: connect to n.
function join(n)
end

-- TODO 2: this node and every visible node, sorted.
function members()
end

-- TODO 4: disconnect from n.
function leave(n)
end

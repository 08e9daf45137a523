-- Kata 04: cookies, one per node
--
-- From the seeds: kata 83's "Cookie Authentication" (000): "the cookie is
-- a shared secret that nodes must match to connect", --cookie,
-- ~/.erlang.cookie, Node.get_cookie() and Node.set_cookie; its pitfall 2,
-- "Forgetting the cookie: nodes with different cookies silently fail to
-- connect"; the reading notes 12.3 (002): "Node.get_cookie and
-- Node.set_cookie for managing cookies", "cookies must match to get nodes
-- connected"; the blog post (003): the cookie file, read when the node
-- starts.
--
-- A node may keep a cookie for one other node (Node.set_cookie(node,
-- cookie), erlang:set_cookie/2): to reach a node whose cookie is not
-- yours, without changing your own, which every other node you talk to
-- still expects.
--
-- Do, in order:
--   1. connect_with_cookie(n, cookie): connect to node n, whose cookie is
--      cookie, and return true; or false when it cannot be done (a wrong
--      cookie, say): no error. This node's own cookie stays as it was.
--   2. introduce(n, cookie): bring node n, whose cookie is cookie, into
--      the whole cluster: afterwards every node connected to this one is
--      connected to n too, and n to them. Return true.
--   3. connect_from_file(n, path): the cookie for node n is in the file at
--      path, a cookie file as ~/.erlang.cookie is (one line). Read it as
--      erl reads its cookie file and connect to n with it; true or false.
-- Check with: repl --check katas/04_per_node_cookies.lua
-- (the checks start four peer nodes: one with this node's cookie,
-- connected; three with cookies of their own, not connected)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   iex --sname alice --cookie my_secret       repl --sname alice --cookie my_secret
--   Node.get_cookie()                          node.get_cookie()
--   Node.set_cookie(:new_secret)               node.set_cookie("new_secret")      -- this node's own
--   Node.set_cookie(node, :secret)             node.set_cookie(n, "secret")       -- for node n only
--   Node.connect(node)                         node.connect(n)  --> true, or false and why
--   Node.list()                                node.list()
--   :rpc.call(node, Node, :list, [])           rpc.call(m, node.list, {})
--   File.read!(path)                           io.open(path):read("a")
-- Cookies are strings here (atoms in Erlang). A connection already up
-- stays up whatever cookies change later; a cookie counts when a
-- connection is made. When you connect to n, the nodes you were already
-- connected to try to connect to n as well (the full mesh), each with the
-- cookie it has for n.

-- TODO 1: connect to n with its cookie; true or false, never an error.
function connect_with_cookie(n, cookie)
end

-- TODO 2: n, with its cookie, joins every node of the cluster.
function introduce(n, cookie)
end

-- TODO 3: connect to n with the cookie in the cookie file at path.
function connect_from_file(n, path)
end

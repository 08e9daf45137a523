-- Kata 02: messages across nodes
--
-- From the seeds: learning Drill 2 "Message Passing Across Nodes" (004),
-- kata 83's "remote send by name" (000), and the blog post's "registering
-- a process and sending to {name, node}" (003).
--
-- Do, in order:
--   1. send_to(name, n, msg): send msg to the process registered as name
--      on node n (it is on another node: no pid needed, only its name).
--      A send does not wait for n: the checks pause n, and send_to must
--      return meanwhile (the message arrives once n runs again).
--   2. hello_from(n): spawn a process on node n that sends
--      tuple(atom.hello, node.self()) back to the caller (as seen from
--      n, node.self() is n); wait for it up to 1000 ms and return it
--      (nil when nothing came, as from a node that is not running).
--   3. everywhere(nodes): spawn one process on each node of the list,
--      each answering tuple(atom.hello, node.self()); collect one answer
--      per process and return the names that answered, sorted.
-- The checks pause a node while they wait for its answer: an answer that
-- comes meanwhile was made up, not sent from there. They also name nodes
-- by atoms at times (atom("n2@host"), as Elixir's :"n2@host"): node.spawn
-- takes either, and node.self() there answers with its name, a string.
-- Check with: repl --check katas/02_messages_across_nodes.lua
-- (the checks start two peer nodes for you)
--
-- Elixir (what the seeds show)             Lua (this shell)
--   Process.register(pid, :inbox)            register("inbox", pid)
--   send({:inbox, :n2@host}, msg)            send(tuple("inbox", "n2@host"), msg)
--   self()                                   self()
--   Node.spawn(:n2@host, fn -> ... end)      node.spawn("n2@host", function() ... end)
--                                              -- the pid; nil and why when the
--                                              -- node cannot be reached
--   node()                                   node.self()
--   {:hello, x}                              tuple(atom.hello, x)
--   receive do                               receive(tuple(atom.hello, ANY), 1000)
--     {:hello, _} = m -> m                     -- the message, or nil
--   after 1000 -> nil end
-- A function sent to another node carries copies of its upvalues (its
-- local variables from outside): as in Elixir, the closure works across
-- nodes. Inside it, self() is the new process on the other node.

-- TODO 1: send msg to the process registered as name on node n.
function send_to(name, n, msg)
end

-- TODO 2: ask node n for tuple(atom.hello, n); return it, or nil after 1 s.
function hello_from(n)
end

-- TODO 3: one process on each node; the sorted names of those that answered.
function everywhere(nodes)
end

-- Kata 02: messages across nodes
--
-- From the seeds: learning Drill 2 "Message Passing Across Nodes" (004),
-- kata 83's "remote send by name" (000), and the blog post's "registering
-- a process and sending to {name, node}" (003).
--
-- Do, in order:
--   1. send_to(name, n, msg): send msg to the process registered as name
--      on node n (it is on another node: no pid needed, only its name).
--   2. hello_from(n): spawn a process on node n that sends
--      tuple(atom.hello, node.self()) back to the caller (as seen from
--      n, node.self() is n); wait for it up to 1000 ms and return it
--      (nil when nothing came).
--   3. everywhere(nodes): spawn one process on each node of the list,
--      each answering tuple(atom.hello, node.self()); collect one answer
--      per node and return the names that answered, sorted.
-- Check with: repl --check katas/02_messages_across_nodes.lua
-- (the checks start two peer nodes for you)
--
-- Elixir (what the seeds show)             Lua (this shell)
--   Process.register(self(), :inbox)         register("inbox", self())
--   send({:inbox, :n2@host}, msg)            send(tuple("inbox", "n2@host"), msg)
--   caller = self()                          local caller = self()
--   Node.spawn(:n2@host, fn ->               node.spawn("n2@host", function()
--     send(caller, {:hello, node()})           send(caller, tuple(atom.hello, node.self()))
--   end)                                     end)
--   receive do                               receive(
--     {:hello, n} -> n                         when(tuple(atom.hello, ANY), function(m) return m end),
--   after 1000 -> nil                          after(1000, function() return nil end))
--   end
-- A function sent to another node carries copies of its upvalues (caller
-- above): as in Elixir, the closure works across nodes.

-- TODO 1: send msg to the process registered as name on node n.
function send_to(name, n, msg)
end

-- TODO 2: ask node n for tuple(atom.hello, n); return it, or nil after 1 s.
function hello_from(n)
end

-- TODO 3: one process on each node; the sorted names of those that answered.
function everywhere(nodes)
end

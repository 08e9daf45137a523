-- Kata 10: work on other nodes
--
-- From the seeds: learning Drill 2 "Message Passing Across Nodes" (004),
-- its remote calculation and its exercises: spawn on node2 a process that
-- computes the factorial of 10 and sends the result back; spawn processes
-- on all nodes and collect their results; send a large data structure.
-- (Kata 02 does the drill's {:hello, node()} part; the script
-- scripts/exercises/drill2_messages.lua walks the whole drill.)
--
-- Do, in order:
--   1. remote_sum(n, upto): spawn on node n a process that sums 1..upto
--      (the seed's Enum.sum(1..1_000_000)) and sends
--      tuple(atom.result, sum) back; receive it (up to 1000 ms) and return
--      the sum (nil when nothing came).
--   2. factorial_on(n, x): spawn on node n a process that computes x! and
--      sends it back with the name of the node it ran on; return both:
--      the factorial, then that node's name (node.self() as n sees it).
--   3. sum_everywhere(nodes, upto): share the sum of 1..upto among the
--      nodes of the list: node i sums the numbers with (k % #nodes) == i-1
--      (or any split that gives each node a part); collect every part and
--      return the total, then the sorted list of the nodes that sent a
--      part (as each names itself). A node that is not running sends no
--      part: node.spawn returns nil and why for it, so do not wait for it.
--   4. round_trip(n, value): send value to a process spawned on node n
--      that sends it straight back; return what came back (up to 2000
--      ms). Try it with a list of 100,000 numbers: it arrives whole, as a
--      new copy (messages are copied, term_to_binary on the wire).
-- The checks pause the node that must do the work: an answer that comes
-- while it is paused was not made there. For heavy work (millions of
-- numbers, a large list) they also read that node's CPU time before and
-- after: the loop must run there, not here once that node has answered.
-- They name nodes by atoms at times (atom("n2@host"), Elixir's
-- :"n2@host"): node.spawn takes either; node.self() answers a string.
-- Check with: repl --check katas/10_remote_work.lua
-- (the checks start two peer nodes for you)
--
-- Elixir (what the seeds show)              Lua (this shell)
--   self()                                    self()
--   Node.spawn(node, fn -> ... end)           node.spawn(n, function() ... end)
--                                               -- the pid; nil and why when n
--                                               -- cannot be reached
--   send(pid, {:result, value})               send(pid, tuple(atom.result, value))
--   receive do {:result, v} -> v              receive(tuple(atom.result, ANY), ms)
--   after ms -> nil end                         -- the whole message, or nil
--   Enum.sum(1..n), factorial                 a for loop
--   node()                                    node.self()
-- The function you spawn on n carries copies of its upvalues (caller,
-- upto): use locals for what it needs, since a global would be looked up
-- in n's globals, not yours.

-- TODO 1: the sum of 1..upto, computed on node n.
function remote_sum(n, upto)
end

-- TODO 2: x! computed on node n; return it and the node that computed it.
function factorial_on(n, x)
end

-- TODO 3: the sum of 1..upto shared among nodes; the total, then the
-- sorted names of the nodes that sent a part.
function sum_everywhere(nodes, upto)
end

-- TODO 4: value, sent to a process on n and back again.
function round_trip(n, value)
end

-- Kata 13: rpc with timeouts, badrpc and partial success
--
-- From the seeds: kata 83's ":rpc.call/4" with its timeout (000, and its
-- pitfall 6 "Blocking :rpc.call: default timeout is :infinity. Always set
-- explicit timeouts"), learning Drill 6's error handling and multicall
-- (004: {:badrpc, :nodedown}, {:badrpc, {:EXIT, ...}}, {results,
-- bad_nodes}), and the reading notes 12.2 (002): "remember to add timeout
-- constraints when talking across nodes", "have a strategy for partial
-- success".
--
-- The checks put a table `work` on every node, a module of functions to
-- call there: rpc.call(n, "work", fname, args, ms) runs work[fname] on n.
-- Some of its functions are slow, some raise, some return nil.
--
-- Do, in order:
--   1. safe_call(n, fname, args, ms): call work[fname](args...) on node n,
--      waiting at most ms milliseconds. Return true and the value it
--      returned (nil is a value like any other), or false and why:
--      "timeout" (slower than ms), "nodedown" (n is down or cannot be
--      reached), "crashed" (it raised an error or exited there).
--   2. gather(nodes, fname, args, ms): call it on all the nodes at once
--      (a multicall, bounded by ms). Return two things: a table mapping
--      each node that answered with a value to that value, and the sorted
--      list of the nodes that did not (down, too slow, or crashed there).
--      The answers of the others are still good: partial success.
--   3. call_retry(n, fname, args, ms, tries): as safe_call, but after a
--      "timeout" or a "nodedown" try again, up to tries attempts in all;
--      return as soon as one attempt has an answer. A "crashed" call is
--      returned at once: the same call would fail the same way again.
-- Check with: repl --check katas/13_rpc_timeouts.lua
-- (the checks start three peer nodes; they make one slow and kill one)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   :rpc.call(node, Mod, :fun, [args], 5000)   rpc.call(n, "mod", "fun", {args}, 5000)
--   # => value                                 --> value
--   # => {:badrpc, :timeout}                   --> nil, tuple(atom.badrpc, atom.timeout)
--   # => {:badrpc, :nodedown}                  --> nil, tuple(atom.badrpc, atom.nodedown)
--   # => {:badrpc, {:EXIT, reason}}            --> nil, tuple(atom.badrpc, tuple(atom.EXIT, reason))
--   :rpc.multicall(nodes, Mod, :fun,           rpc.multicall(nodes, "mod", "fun", {args}, ms)
--                  [args], ms)
--   # => {results, bad_nodes}                  --> results, bad_nodes
-- rpc.call returns the badrpc as a second result, after a nil: a function
-- that really returned nil gives nil and no second result. In multicall's
-- results a call that failed there is the tuple(atom.badrpc, ...) itself,
-- and the results come in the order of the nodes, the bad nodes left out.
-- typeof(v) == "tuple" tells a tuple; v[1], v[2] are its elements.

-- TODO 1: true and the value, or false and "timeout", "nodedown" or "crashed".
function safe_call(n, fname, args, ms)
end

-- TODO 2: {node = value} of the nodes that answered, and the sorted list of
-- the others.
function gather(nodes, fname, args, ms)
end

-- TODO 3: safe_call, tried again after a timeout or a nodedown, up to tries
-- attempts in all.
function call_retry(n, fname, args, ms, tries)
end

-- Kata 35: a lock manager (learning exercises, Exercise 3)
--
-- From the seeds: "Integration Exercises", Exercise 3 "Distributed Lock
-- Manager" (004): cluster-wide locks with :global.set_lock.
--
-- Do, in order:
--   1. acquire(resource, retries): the lock id is tuple(resource, self());
--      set it on this node and every node of node.list(). Return
--      tuple(atom.ok, lock_id) when it is set, tuple(atom.error,
--      atom.timeout) when it could not be within `retries` more tries
--      (nil: try for ever).
--   2. release(lock_id): delete the lock on the same nodes; return true.
--   3. with_lock(resource, fun, retries): acquire; then run fun() and
--      release the lock even when fun raises (raise the error again
--      after); return fun's result. When acquire fails, return its error
--      tuple without running fun.
-- A lock set by a process goes away when that process ends: global
-- watches the holder, so a holder that dies, or whose node dies, frees it.
-- The requester in the lock id is whom global grants the lock to: a
-- requester that already holds it gets it again at once (as in Erlang),
-- so it must be the process, not something its neighbours share.
-- Check with: repl --check katas/35_lock_manager.lua
-- (the checks start two peer nodes and make processes there contend: a
-- lock held elsewhere, two nodes at once, 30 processes on three nodes)
--
-- Elixir (what the seed shows)                 Lua (this shell)
--   lock_id = {resource, self()}                 local lock_id = tuple(resource, self())
--   :global.set_lock(lock_id,                    global.set_lock(lock_id,
--     [node() | Node.list()], timeout)             {node.self(), table.unpack(node.list())}, retries)
--     # true / false                               -- true / false
--   :global.del_lock(lock_id, [node() | ...])    global.del_lock(lock_id, nodes)
--   {:ok, lock_id} / {:error, :timeout}          tuple(atom.ok, lock_id) / tuple(atom.error, atom.timeout)
--   try do fun.() after release(lock_id) end     local ok, v = pcall(fun)
--                                                release(lock_id)
--                                                if not ok then error(v, 0) end
--                                                return v
-- The seed names set_lock's third argument timeout; Erlang's (and ours)
-- is Retries: how many more times to try, with a short random sleep
-- between tries. So acquire takes retries here.

-- TODO 1: {:ok, lock_id} or {:error, :timeout}.
function acquire(resource, retries)
end

-- TODO 2
function release(lock_id)
end

-- TODO 3: fun() under the lock; released even when fun raises.
function with_lock(resource, fun, retries)
end

-- scripts/lib/demo/lock_manager.lua: the lock manager of Integration
-- Exercise 3 as scripts/exercises/lock_manager.lua runs it by itself (in
-- its guide the learner loads their own kata 35), on :global's locks. A
-- lock id is {resource, the process that asks}; the lock is set on every
-- node of the cluster, this one too.

local function cluster()
  local nodes = node.list()
  nodes[#nodes + 1] = node.self()
  return nodes
end

-- {ok, lock_id}, or {error, timeout} when retries tries did not get it
-- (retries nil: try for ever).
function acquire(resource, retries)
  local id = tuple(resource, self())
  if not global.set_lock(id, cluster(), retries) then return tuple(atom.error, atom.timeout) end
  return tuple(atom.ok, id)
end

function release(lock_id) return global.del_lock(lock_id, cluster()) end

-- fun runs only under the lock, and the lock goes back even when fun
-- raises (the error is raised again after).
function with_lock(resource, fun, retries)
  local got = acquire(resource, retries)
  if got[1] ~= atom.ok then return got end
  local results = table.pack(pcall(fun))
  release(got[2])
  if not results[1] then error(results[2], 0) end
  return table.unpack(results, 2, results.n)
end

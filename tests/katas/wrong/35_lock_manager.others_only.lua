-- wrong: node.list() is every node of the cluster, so the lock is set on node.list()
-- fails: acquire(resource) on a free lock: {:ok, {resource, self()}}; release frees it
-- (with_lock is the reference's; acquire and release are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../35_lock_manager.lua")

function acquire(resource, retries)
  local lock_id = tuple(resource, self())
  if global.set_lock(lock_id, node.list(), retries) then return tuple(atom.ok, lock_id) end
  return tuple(atom.error, atom.timeout)
end

function release(lock_id) return global.del_lock(lock_id, node.list()) end

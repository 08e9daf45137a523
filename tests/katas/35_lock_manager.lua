-- The reference solution of katas/35_lock_manager.lua (make test grades
-- it: every check must pass).

local function everyone()
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  return nodes
end

function acquire(resource, retries)
  local lock_id = tuple(resource, self())
  if global.set_lock(lock_id, everyone(), retries) then return tuple(atom.ok, lock_id) end
  return tuple(atom.error, atom.timeout)
end

function release(lock_id)
  return global.del_lock(lock_id, everyone())
end

function with_lock(resource, fun, retries)
  local r = acquire(resource, retries)
  if r[1] ~= atom.ok then return r end
  local ok, v = pcall(fun)
  release(r[2])
  if not ok then error(v, 0) end
  return v
end

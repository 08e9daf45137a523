-- wrong: the lock belongs to this node, so the lock id is {resource, node()}
-- fails: 150 with_lock deposits from 30 processes on three nodes: none lost, never two inside
-- (release and with_lock are the reference's; acquire is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../35_lock_manager.lua")

function acquire(resource, retries)
  local lock_id = tuple(resource, node.self())
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  if global.set_lock(lock_id, nodes, retries) then return tuple(atom.ok, lock_id) end
  return tuple(atom.error, atom.timeout)
end

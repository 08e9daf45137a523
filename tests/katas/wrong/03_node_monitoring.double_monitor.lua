-- wrong: monitoring a node twice is harmless, the second call is a no-op
-- fails: one wait_nodedown that sees n go leaves no second nodedown in the mailbox
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

-- node.monitor(n) and node.monitor(n, true) "to be sure the flag is on"
function wait_nodedown(n, ms)
  node.monitor(n)
  node.monitor(n, true)
  if receive(tuple(atom.nodedown, n), ms) then return true end
  node.monitor(n, false)
  return false
end

-- wrong: monitoring a node twice is harmless, the second call is a no-op
-- fails: one wait_nodedown that sees n go leaves no second nodedown in the mailbox
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

-- monitors again every 100 ms, "in case the first one was lost"
function wait_nodedown(n, ms)
  local count = 0
  for _ = 1, math.max(1, ms // 100) do
    node.monitor(n, true)
    count = count + 1
    if receive(tuple(atom.nodedown, n), 100) then return true end
  end
  for _ = 1, count do node.monitor(n, false) end
  return false
end

-- wrong: a monitor ends by itself when the wait is over
-- fails: wait_nodedown returns false while n stays up, and leaves no monitor behind
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

function wait_nodedown(n, ms)
  node.monitor(n, true)
  return receive(tuple(atom.nodedown, n), ms) ~= nil
end

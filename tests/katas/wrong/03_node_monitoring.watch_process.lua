-- wrong: to watch a node, monitor a process that runs there
-- fails: wait_nodedown ignores processes ending on n: only the node going away counts
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

function wait_nodedown(n, ms)
  local sentry = node.spawn(n, function() receive() end)
  if not sentry then return true end
  local ref = monitor(sentry)
  if receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), ms) then return true end
  demonitor(ref, true)
  exit(sentry, "kill")
  return false
end

-- wrong: to watch a job on another node, watch that node
-- fails: watch returns the job's crash reason; the watcher lives on
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function watch(n, job, ms)
  node.spawn(n, job)
  node.monitor(n, true)
  local m = receive(tuple(atom.nodedown, n), ms)
  node.monitor(n, false)
  return m and atom.noconnection
end

-- wrong: a link with trap_exit watches a process just as a monitor does
-- fails: killing the watcher leaves its job running on n
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function watch(n, job, ms)
  trap_exit(true)
  local pid = node.spawn_link(n, job)
  local m = receive(tuple(atom.EXIT, pid, ANY), ms)
  return m and m[3]
end

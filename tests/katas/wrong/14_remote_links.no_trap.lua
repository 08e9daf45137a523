-- wrong: the EXIT message comes by itself; trapping exits is not needed
-- fails: run_linked runs job on n and returns its crash reason; the caller lives on
-- fails: run_linked: a job that ends normally gives atom.normal
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function run_linked(n, job, ms)
  local pid = node.spawn_link(n, job)
  local m = receive(tuple(atom.EXIT, pid, ANY), ms)
  return m and m[3]
end

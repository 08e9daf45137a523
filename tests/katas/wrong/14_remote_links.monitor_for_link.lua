-- wrong: spawn plus monitor is the same as spawn_link, and safer
-- fails: killing the caller of run_linked kills its job on n: a link goes both ways
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function run_linked(n, job, ms)
  local pid = node.spawn(n, job)
  local ref = monitor(pid)
  local m = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), ms)
  return m and m[5]
end

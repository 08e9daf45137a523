-- wrong: no link needed: catch the job's error on n and send it back
-- fails: run_linked returns atom.noconnection when n is killed
-- fails: killing the caller of run_linked kills its job on n: a link goes both ways
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function run_linked(n, job, ms)
  local caller = self()
  node.spawn(n, function()
    local ok, why = pcall(job)
    send(caller, tuple("job_ended", ok and atom.normal or why))
  end)
  local m = receive(tuple("job_ended", ANY), ms)
  return m and m[2]
end

-- wrong: the DOWN of the singleton means this candidate is next: run the work at once, no need to register again
-- fails: when the singleton's process crashes (its node lives on), one candidate takes over
-- (try_singleton is the reference's; candidate is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../32_cluster_singleton.lua")

function candidate(work)
  return spawn(function()
    if try_singleton(work) ~= atom.already_running then return end
    local pid = global.whereis_name("singleton")
    if pid then
      local ref = monitor(pid)
      receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
    end
    work()
  end)
end

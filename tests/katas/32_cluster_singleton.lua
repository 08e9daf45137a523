-- The reference solution of katas/32_cluster_singleton.lua (make test
-- grades it: every check must pass).

function try_singleton(work)
  if global.register_name("singleton", self()) then return work() end
  return atom.already_running
end

function candidate(work)
  return spawn(function()
    while try_singleton(work) == atom.already_running do
      local pid = global.whereis_name("singleton")
      if pid then
        local ref = monitor(pid)
        receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
      end
    end
  end)
end

-- scripts/lib/demo/singleton.lua: kata 83's Pattern 3, the cluster
-- singleton, as scripts/kata83/pattern3_singleton.lua runs it by itself
-- (in its guide the learner loads their own kata 32). The seed's case on
-- :global.register_name, and a candidate that keeps trying: it watches the
-- singleton's process and tries again when that one dies.

-- The seed's case: the work runs in the process that got the name.
function try_singleton(work)
  if not global.register_name("singleton", self()) then return atom.already_running end
  return work()
end

-- A process that becomes the singleton now, or when the one running dies
-- (its process, or its node: the DOWN says noconnection).
function candidate(work)
  return spawn(function()
    while try_singleton(work) == atom.already_running do
      local running = global.whereis_name("singleton")
      if running then
        local ref = monitor(running)
        receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
      end
    end
  end)
end

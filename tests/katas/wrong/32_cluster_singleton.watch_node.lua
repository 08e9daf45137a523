-- wrong: the singleton goes away only when its node goes down, so a candidate watches the node
-- fails: when the singleton's process crashes (its node lives on), one candidate takes over
-- (try_singleton is the reference's; candidate is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../32_cluster_singleton.lua")

function candidate(work)
  return spawn(function()
    while try_singleton(work) == atom.already_running do
      local pid = global.whereis_name("singleton")
      if pid then
        node.monitor(node_of(pid))
        receive(tuple(atom.nodedown, ANY))
      end
    end
  end)
end

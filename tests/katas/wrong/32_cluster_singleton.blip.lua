-- wrong: a DOWN with reason noconnection is only the network blinking: the singleton still runs there, so stand down
-- fails: when the singleton's node is killed, one survivor takes over
-- (try_singleton is the reference's; candidate is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../32_cluster_singleton.lua")

function candidate(work)
  return spawn(function()
    while try_singleton(work) == atom.already_running do
      local pid = global.whereis_name("singleton")
      if pid then
        local ref = monitor(pid)
        local down = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
        if down[5] == atom.noconnection then return end   -- no second singleton in a netsplit
      end
    end
  end)
end

-- wrong: a process on n must print on n's terminal, so spawn_hello points it at n's user
-- fails: spawn_hello(n) runs on n, and its line shows here, on the spawner's terminal
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../15_group_leader_io.lua")   -- the rest as the reference

function spawn_hello(n)
  return node.spawn(n, function()
    group_leader(whereis("user"), self())
    print("Running on " .. node.self())
  end)
end

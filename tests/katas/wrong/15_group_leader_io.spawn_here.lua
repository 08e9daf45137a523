-- wrong: the line must show here, so the process that prints it runs here
-- fails: spawn_hello(n) runs on n, and its line shows here, on the spawner's terminal
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../15_group_leader_io.lua")   -- the rest as the reference

function spawn_hello(n)
  return spawn(function() print("Running on " .. n) end)
end

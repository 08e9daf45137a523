-- wrong: global sorts out a name taken on both sides of a split, so no resolve function is needed
-- fails: after the heal no count is lost: the counter holds both halves' counts
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

function counter_start(name)
  local pid = spawn(counter_loop, 0)
  if global.register_name(name, pid) then return pid end
  exit(pid, "kill")
  return global.whereis_name(name)
end

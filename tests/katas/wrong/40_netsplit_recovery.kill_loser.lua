-- wrong: after a heal exactly one counter may run, so the resolve function kills the other
-- fails: after the heal no count is lost: the counter holds both halves' counts
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

function resolve_counter(name, pid1, pid2)
  exit(pid2, "kill")
  return pid1
end

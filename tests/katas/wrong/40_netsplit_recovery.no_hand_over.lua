-- wrong: the resolve function only has to say which pid keeps the name; the other goes by itself
-- fails: after the heal one counter is left: every node names the same, and the other has stopped
-- fails: after the heal no count is lost: the counter holds both halves' counts
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

function resolve_counter(name, pid1, pid2)
  return pid1
end

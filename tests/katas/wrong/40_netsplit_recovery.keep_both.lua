-- wrong: no count may be lost, so the other counter hands a copy of its count over and stays, just in case
-- fails: after the heal one counter is left: every node names the same, and the other has stopped
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

function resolve_counter(name, pid1, pid2)
  -- the reference's counter answers "value" with tuple(tag, count) to whom
  -- asks: pid1 gets tuple("absorb", count) and adds it; pid2 runs on
  send(pid2, tuple("value", pid1, "absorb"))
  return pid1
end

-- wrong: the counter always answers, so a bump sends and waits for the answer as long as it takes
-- fails: a bump to a counter that does not answer gives up with nil, and counts once
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

function counter_bump(name, by)
  local ref = make_ref()
  send(global.whereis_name(name), tuple("bump", self(), ref, by))
  return receive(tuple(ref, ANY))[2]
end

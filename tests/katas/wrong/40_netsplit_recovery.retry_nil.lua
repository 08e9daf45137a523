-- wrong: a bump that got no answer did not count, so it is sent again, a few times
-- fails: a bump to a counter that does not answer gives up with nil, and counts once
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../40_netsplit_recovery.lua")   -- the rest as the reference

local bump_once = counter_bump
function counter_bump(name, by)
  for _ = 1, 3 do
    local count = bump_once(name, by)
    if count ~= nil then return count end
  end
end

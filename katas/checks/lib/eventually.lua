-- katas/checks/lib/eventually.lua: for checks that wait for something
-- another process does a moment later (a cast, a replication, a node's
-- death seen by global). Load it with
--   local eventually = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/eventually.lua")
-- eventually(k, want, f) calls f() until what it returns prints as want
-- (k.same), for about a second; then it returns k.same's answer: true, or
-- false, want and the last value got.
return function(k, want, f)
  local got
  for _ = 1, 50 do
    got = f()
    if k.same(got, want) then return true end
    sleep(20)
  end
  return k.same(got, want)
end

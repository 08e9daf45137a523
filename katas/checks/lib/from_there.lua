-- katas/checks/lib/from_there.lua: for checks that an answer really comes
-- from another node, not computed, echoed or made up on the caller's. The
-- check pauses that node's OS process (SIGSTOP, lib/pause.lua) and runs
-- the learner's call in a process of its own (lib/background.lua): a call
-- that returns while the node is paused did not get its answer from there
-- (a paused node runs nothing, sends nothing). Then the node is resumed,
-- and a call that waited for it returns now, with its answer.
-- Load it with
--   local from_there = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/from_there.lua")
-- from_there(k, i, f, ...) pauses peer i and runs f(...); returns
--   "early", ok, results...  when f returned while peer i was paused
--   true, results...         when f returned after the resume
--   false, error             when f raised after the resume
--   nil                      when f had not returned 2 s after the resume
-- The pause lasts WAIT ms: a local answer comes far sooner (keep the
-- local work of the call small, so that it does even under load).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)")
local pause = dofile(dir .. "pause.lua")
local background = dofile(dir .. "background.lua")

local WAIT = 150

return function(k, i, f, ...)
  -- the timer is only a safety net (it resumes the peer if this check is
  -- killed); resumed by hand below, long before it fires
  local p = pause(k.peers[i], 5000)
  local job = background(f, ...)
  if background.result(job, WAIT) ~= nil then
    pause.resume(p)
    return "early", background.result(job, 0)
  end
  pause.resume(p)
  return background.result(job, 2000)
end

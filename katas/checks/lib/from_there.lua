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
-- from_there.learner(k, i, "fname", ...) is the learner's fname(...) so
-- run: true and its results, or false, expected and got (sentences) for
-- the check to return; an error it raised is raised again.
-- from_there.nobody(k) is a node name that no node has (a node that is
-- not running: it answers nothing either).
-- The pause lasts WAIT ms: a local answer comes far sooner (keep the
-- local work of the call small, so that it does even under load).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)")
local pause = dofile(dir .. "pause.lua")
local background = dofile(dir .. "background.lua")

local WAIT = 150

local M = {}

local function from_there(k, i, f, ...)
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

function M.learner(k, i, fname, ...)
  local r = table.pack(from_there(k, i, k.call, fname, ...))
  if r[1] == "early" then
    local came = r[2] and "an answer at once: " .. k.show(r[3]) .. " (made here, not on " .. k.node(i) .. ")"
      or "an error at once, here: " .. tostring(r[3])
    return false, "no answer while " .. k.node(i) .. " is paused (the answer must come from there)", came
  end
  if r[1] == nil then return false, "an answer once " .. k.node(i) .. " runs again", "none within 2 s" end
  if r[1] == false then error(r[2], 0) end
  return true, table.unpack(r, 2, r.n)
end

function M.nobody(k)
  return "nobody_" .. k.peers[1].os_pid .. "@" .. node.self():match("@(.*)")
end

return setmetatable(M, {__call = function(_, ...) return from_there(...) end})

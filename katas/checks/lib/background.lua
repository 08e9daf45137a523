-- katas/checks/lib/background.lua: for checks that must see WHEN a call
-- returns (before a paused peer was resumed? within a bound after a node
-- died?), not only what it returns. Load it with
--   local background = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/background.lua")
-- local job = background(f, ...) runs f(...) in a process of its own (not
-- linked: a call that hangs for ever does not take the check with it);
-- background.done(job) says, without waiting, whether f has returned;
-- background.result(job, ms) waits up to ms (nil: for ever) and returns
-- true and f's results, false and its error, or nil when f has not
-- returned yet.

local M = {}

local function start(f, ...)
  local job = {ref = make_ref(), owner = self()}
  spawn(function(...)
    -- the results stay in job (this node's Lua state); the message only wakes the owner
    job.r = table.pack(pcall(f, ...))
    send(job.owner, tuple("kata_returned", job.ref))
  end, ...)
  return job
end

local function arrived(job, ms)
  if not job.seen then job.seen = receive(tuple("kata_returned", job.ref), ms) ~= nil end
  return job.seen
end

function M.done(job) return arrived(job, 0) end

function M.result(job, ms)
  if not arrived(job, ms) then return nil end
  return table.unpack(job.r, 1, job.r.n)
end

return setmetatable(M, {__call = function(_, f, ...) return start(f, ...) end})

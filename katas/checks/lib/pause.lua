-- katas/checks/lib/pause.lua: for checks of acknowledged replication. A
-- write that its caller waits for must be on every live node when the
-- call returns; a fire-and-forget write (a cast) returns at once. Pausing
-- a peer tells them apart: while its OS process is stopped (SIGSTOP) it
-- can store nothing, so a write that returned before the peer was resumed
-- was not acknowledged by it. Load it with
--   local pause = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/pause.lua")
-- local p = pause(k.peers[i], ms) stops peer i for ms, then resumes it
-- (from a process of its own, so the peer is resumed even when the check
-- fails or is killed). After the call under test has returned:
-- pause.resume(p) resumes the peer at once and says whether it was still
-- paused (the call returned without waiting for it: true) or had already
-- been resumed (the call waited: false). pause.resumed(p) says, without
-- waiting, whether the timer has resumed it; pause.wait(p) waits for that.

local M = {}

local function signal(sig, os_pid) os.execute(("kill -%s %d"):format(sig, os_pid)) end

local function pause(h, ms)
  local p = {os_pid = h.os_pid, ref = make_ref(), owner = self(), done = false}
  signal("STOP", p.os_pid)
  -- not linked: it outlives the check that started it
  spawn(function(os_pid, owner, ref, ms)
    sleep(ms)
    os.execute(("kill -CONT %d"):format(os_pid))
    send(owner, tuple("kata_resumed", ref))
  end, p.os_pid, p.owner, p.ref, ms)
  return p
end

-- whether the timer has resumed it yet (without waiting)
function M.resumed(p)
  if not p.done then p.done = receive(tuple("kata_resumed", p.ref), 0) ~= nil end
  return p.done
end

function M.resume(p)
  if p.done or receive(tuple("kata_resumed", p.ref), 0) then p.done = true; return false end
  signal("CONT", p.os_pid)
  p.done = true
  return true
end

function M.wait(p)
  if not p.done then p.done = receive(tuple("kata_resumed", p.ref), 5000) ~= nil end
  if not p.done then signal("CONT", p.os_pid) end
  return p.done
end

return setmetatable(M, {__call = function(_, h, ms) return pause(h, ms) end})

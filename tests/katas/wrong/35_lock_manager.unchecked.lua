-- wrong: with_lock only needs to try for the lock; fun runs either way once acquire returns
-- fails: with_lock on a lock held on another node: {:error, :timeout}, and fun never runs
-- (acquire and release are the reference's; with_lock is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../35_lock_manager.lua")

function with_lock(resource, fun, retries)
  local r = acquire(resource, retries)
  local ok, v = pcall(fun)
  release(r[2] or tuple(resource, self()))
  if not ok then error(v, 0) end
  return v
end

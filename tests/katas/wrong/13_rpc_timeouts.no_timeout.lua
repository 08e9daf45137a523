-- wrong: rpc.call answers soon enough by itself, so no time limit is given (pitfall 6)
-- fails: safe_call gives up after ms when n is slow: false, "timeout"
-- fails: call_retry tries again after each timeout, and stops at the first answer
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function safe_call(n, fname, args)
  local v, bad = rpc.call(n, "work", fname, args)
  if bad == nil then return true, v end
  if bad[2] == atom.nodedown then return false, "nodedown" end
  return false, "crashed"
end

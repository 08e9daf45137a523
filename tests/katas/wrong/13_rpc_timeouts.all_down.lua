-- wrong: every badrpc means the node is unreachable
-- fails: safe_call: an error or an exit there is false, "crashed"
-- fails: safe_call gives up after ms when n is slow: false, "timeout"
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function safe_call(n, fname, args, ms)
  local v, bad = rpc.call(n, "work", fname, args, ms)
  if bad then return false, "nodedown" end
  return true, v
end

-- wrong: a nil result means the call failed
-- fails: safe_call: a function that returns nil there is a success: true, nil
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function safe_call(n, fname, args, ms)
  local v, bad = rpc.call(n, "work", fname, args, ms)
  if v ~= nil then return true, v end
  if bad and bad[2] == atom.timeout then return false, "timeout" end
  if bad and bad[2] == atom.nodedown then return false, "nodedown" end
  return false, "crashed"
end

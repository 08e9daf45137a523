-- wrong: work is a global table here too, so calling it here is the same
-- fails: safe_call returns true and the value that node n computed there
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function safe_call(n, fname, args, ms)
  local ok, v = pcall(work[fname], table.unpack(args))
  if ok then return true, v end
  return false, "crashed"
end

-- wrong: any failure is worth another try, a crash too
-- fails: call_retry does not retry a crash: false, "crashed" after one call
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function call_retry(n, fname, args, ms, tries)
  local ok, v
  for _ = 1, tries do
    ok, v = safe_call(n, fname, args, ms)
    if ok then break end
  end
  return ok, v
end

-- wrong: keep retrying until the call succeeds; it will, eventually
-- fails: call_retry gives up after tries attempts: false and the last reason
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function call_retry(n, fname, args, ms)
  while true do
    local ok, v = safe_call(n, fname, args, ms)
    if ok or v == "crashed" then return ok, v end
  end
end

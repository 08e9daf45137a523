-- The reference solution of katas/13_rpc_timeouts.lua (make test grades
-- it: every check must pass).

-- why a badrpc happened, in the kata's words
local function reason(bad)
  local why = bad[2]
  if why == atom.timeout then return "timeout" end
  if why == atom.nodedown then return "nodedown" end
  return "crashed"          -- tuple(atom.EXIT, ...): it failed there
end

function safe_call(n, fname, args, ms)
  local v, bad = rpc.call(n, "work", fname, args, ms)
  if bad ~= nil then return false, reason(bad) end
  return true, v
end

local function is_badrpc(v)
  return typeof(v) == "tuple" and v[1] == atom.badrpc
end

function gather(nodes, fname, args, ms)
  local results, bad_nodes = rpc.multicall(nodes, "work", fname, args, ms)
  local bad = {}
  for _, n in ipairs(bad_nodes) do bad[n] = true end
  local answers, failed, i = {}, {}, 0
  for _, n in ipairs(nodes) do
    if bad[n] then
      failed[#failed + 1] = n
    else
      i = i + 1
      if is_badrpc(results[i]) then failed[#failed + 1] = n
      else answers[n] = results[i] end
    end
  end
  table.sort(failed)
  return answers, failed
end

function call_retry(n, fname, args, ms, tries)
  local ok, v
  for _ = 1, tries do
    ok, v = safe_call(n, fname, args, ms)
    if ok or v == "crashed" then break end
  end
  return ok, v
end

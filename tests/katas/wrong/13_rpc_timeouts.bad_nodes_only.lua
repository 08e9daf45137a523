-- wrong: bad_nodes are all the failures; a result is always a good answer
-- fails: gather lists the nodes that are down, too slow, or crashed, and keeps the others' answers
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../13_rpc_timeouts.lua")

function gather(nodes, fname, args, ms)
  local results, bad_nodes = rpc.multicall(nodes, "work", fname, args, ms)
  local bad = {}
  for _, n in ipairs(bad_nodes) do bad[n] = true end
  local answers, i = {}, 0
  for _, n in ipairs(nodes) do
    if not bad[n] then i = i + 1; answers[n] = results[i] end
  end
  table.sort(bad_nodes)
  return answers, bad_nodes
end

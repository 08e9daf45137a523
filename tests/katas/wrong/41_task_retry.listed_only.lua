-- wrong: the nodes that are up are the ones node.list() shows, so the others of the list are skipped without a try
-- fails: a node that cannot be reached is skipped, and one not connected yet is tried
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- the rest as the reference

local run_on = run_task
function run_task(nodes, task, ms)
  local up, live = {}, {}
  for _, n in ipairs(node.list()) do up[n] = true end
  for _, n in ipairs(nodes) do if up[n] then live[#live + 1] = n end end
  return run_on(live, task, ms)
end

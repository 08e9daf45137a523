-- wrong: a task must get done, so when no node of the list can run it, this node runs it
-- fails: when no node can run it, run_task says {:error, :nodedown} at once, not at the deadline
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- the rest as the reference

local run_on_list = run_task
function run_task(nodes, task, ms)
  local r = run_on_list(nodes, task, ms)
  if r[1] == atom.error and r[2] == atom.nodedown then
    local ok, v = pcall(task)
    return ok and tuple(atom.ok, v) or tuple(atom.error, tostring(v))
  end
  return r
end

-- wrong: the first node to answer wins, so the task is started on every node at once
-- fails: run_task(nodes, task, ms) runs the task on the first node and returns {:ok, its result}
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- the rest as the reference

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  for _, n in ipairs(nodes) do node.spawn(n, task_wrapper, task, me, tag) end
  local m = receive(tuple(tag, ANY, ANY), ms)
  if m == nil then return tuple(atom.error, atom.timeout) end
  return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3]))
end

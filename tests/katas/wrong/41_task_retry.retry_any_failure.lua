-- wrong: whatever went wrong, another node may do better, so every failure means the next node
-- fails: a task that raises is reported as {:error, why}, and not run again elsewhere
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- next_event, as the reference

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  local timer = send_after(ms, me, tuple("deadline", tag))
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, task())) end, task, me, tag)
    if pid then
      local ref = monitor(pid)
      local m = next_event(tag, ref)
      demonitor(ref, true)
      if m[1] == tag then cancel_timer(timer); return tuple(atom.ok, m[2]) end
      if m[1] == "deadline" then exit(pid, "kill"); return tuple(atom.error, atom.timeout) end
    end
  end
  cancel_timer(timer)
  return tuple(atom.error, atom.nodedown)
end

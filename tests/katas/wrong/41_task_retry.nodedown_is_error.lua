-- wrong: a DOWN is a DOWN: the task failed, whatever the reason says, so report it
-- fails: when the task's node dies under it, the task runs again on the next node, within what is left of the deadline
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- next_event, as the reference

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  local timer = send_after(ms, me, tuple("deadline", tag))
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    if pid then
      local ref = monitor(pid)
      local m = next_event(tag, ref)
      demonitor(ref, true)
      cancel_timer(timer)
      if m[1] == "deadline" then exit(pid, "kill"); return tuple(atom.error, atom.timeout) end
      if m[1] == atom.DOWN then return tuple(atom.error, m[5]) end
      return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3]))
    end
  end
  cancel_timer(timer)
  return tuple(atom.error, atom.nodedown)
end

-- wrong: a node that went down comes back, so the task is tried on its node again until the deadline
-- fails: when the task's node dies under it, the task runs again on the next node, within what is left of the deadline
-- fails: when no node can run it, run_task says {:error, :nodedown} at once, not at the deadline

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  local timer = send_after(ms, me, tuple("deadline", tag))
  local n = nodes[1]
  while true do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    local ref = pid and monitor(pid)
    local m = receive(function(m)
      return typeof(m) == "tuple" and (m[1] == tag or (ref and m[1] == atom.DOWN and m[2] == ref)
                                       or (m[1] == "deadline" and m[2] == tag))
    end, pid and nil or 50)
    if ref then demonitor(ref, true) end
    if m and m[1] == "deadline" then
      if pid then exit(pid, "kill") end
      return tuple(atom.error, atom.timeout)
    end
    if m and m[1] == tag then
      cancel_timer(timer)
      return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3]))
    end
  end
end

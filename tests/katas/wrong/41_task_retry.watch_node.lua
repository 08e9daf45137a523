-- wrong: a task dies only when its node does, so watching the node (node.monitor) is watching the task
-- fails: a task killed on its live node is reported at once, not run again
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- the rest as the reference

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  local timer = send_after(ms, me, tuple("deadline", tag))
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, task_wrapper, task, me, tag)
    if pid then
      node.monitor(n)
      local m = receive(function(m)
        return typeof(m) == "tuple" and (m[1] == tag or (m[1] == atom.nodedown and m[2] == n)
                                         or (m[1] == "deadline" and m[2] == tag))
      end)
      node.monitor(n, false)
      if m[1] == tag then
        cancel_timer(timer)
        return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3]))
      elseif m[1] == "deadline" then
        exit(pid, "kill")
        return tuple(atom.error, atom.timeout)
      end
    end
  end
  cancel_timer(timer)
  return tuple(atom.error, atom.nodedown)
end

-- The reference solution of katas/41_task_retry.lua (make test grades it:
-- every check must pass).

-- Runs on the task's node: the outcome goes back before the process ends,
-- so a monitor set too late (DOWN :noproc) still finds it in the mailbox.
-- (A global, so that a wrong solution can swap it.)
function task_wrapper(task, caller, tag)
  local ok, r = pcall(task)
  send(caller, tuple(tag, ok, r))
end

-- The next message about an attempt: its outcome (tagged tag), its
-- process's DOWN (monitor ref), or the deadline's (tagged tag).
function next_event(tag, ref)
  return receive(function(m)
    return typeof(m) == "tuple" and (m[1] == tag or (m[1] == atom.DOWN and m[2] == ref)
                                     or (m[1] == "deadline" and m[2] == tag))
  end)
end

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  local timer = send_after(ms, me, tuple("deadline", tag))
  local function finish(r)
    cancel_timer(timer)
    receive(tuple("deadline", tag), 0)       -- fired meanwhile: not left behind
    return r
  end
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, task_wrapper, task, me, tag)   -- nil: n is unreachable
    if pid then
      local ref = monitor(pid)
      local m = next_event(tag, ref)
      demonitor(ref, true)
      if m[1] == tag then
        return finish(m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3])))
      elseif m[1] == "deadline" then
        exit(pid, "kill")
        return tuple(atom.error, atom.timeout)
      elseif m[5] ~= atom.noconnection then   -- killed there: not a lost node
        return finish(tuple(atom.error, m[5]))
      end
    end
  end
  return finish(tuple(atom.error, atom.nodedown))
end

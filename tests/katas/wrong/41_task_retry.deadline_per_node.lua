-- wrong: the timeout is how long one node may take, so each node of the list gets ms of its own
-- fails: when the task's node dies under it, the task runs again on the next node, within what is left of the deadline

function run_task(nodes, task, ms)
  local me = self()
  for _, n in ipairs(nodes) do
    local tag = make_ref()
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    if pid then
      local ref = monitor(pid)
      local m = receive(function(m)
        return typeof(m) == "tuple" and (m[1] == tag or (m[1] == atom.DOWN and m[2] == ref))
      end, ms)
      demonitor(ref, true)
      if m == nil then
        exit(pid, "kill")
        return tuple(atom.error, atom.timeout)
      elseif m[1] == tag then
        return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3]))
      elseif m[5] ~= atom.noconnection then
        return tuple(atom.error, m[5])
      end
    end
  end
  return tuple(atom.error, atom.nodedown)
end

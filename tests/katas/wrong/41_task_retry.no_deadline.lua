-- wrong: the monitor says when a node dies, so waiting for the outcome needs no time limit
-- fails: past the deadline run_task returns {:error, :timeout} and stops the task

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    if pid then
      local ref = monitor(pid)
      local m = receive(function(m)
        return typeof(m) == "tuple" and (m[1] == tag or (m[1] == atom.DOWN and m[2] == ref))
      end)
      demonitor(ref, true)
      if m[1] == tag then return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3])) end
      if m[5] ~= atom.noconnection then return tuple(atom.error, m[5]) end
    end
  end
  return tuple(atom.error, atom.nodedown)
end

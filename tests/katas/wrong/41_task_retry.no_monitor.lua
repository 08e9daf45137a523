-- wrong: the task's answer is all there is to wait for; a dead node shows up as the deadline passing
-- fails: when the task's node dies under it, the task runs again on the next node, within what is left of the deadline

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    if pid then
      local m = receive(tuple(tag, ANY, ANY), ms)
      if m == nil then exit(pid, "kill"); return tuple(atom.error, atom.timeout) end
      if m[2] then return tuple(atom.ok, m[3]) end
      return tuple(atom.error, tostring(m[3]))
    end
  end
  return tuple(atom.error, atom.nodedown)
end

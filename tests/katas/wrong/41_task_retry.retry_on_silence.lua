-- wrong: a node that does not answer within a moment is down, so move on to the next one
-- fails: a slow task on a live node is waited for, not started again elsewhere

local ATTEMPT = 300     -- ms a node gets before it counts as down

function run_task(nodes, task, ms)
  local me, tag = self(), make_ref()
  for _, n in ipairs(nodes) do
    local pid = node.spawn(n, function(task, me, tag) send(me, tuple(tag, pcall(task))) end, task, me, tag)
    if pid then
      local m = receive(tuple(tag, ANY, ANY), math.min(ATTEMPT, ms))
      if m then return m[2] and tuple(atom.ok, m[3]) or tuple(atom.error, tostring(m[3])) end
    end
  end
  return tuple(atom.error, atom.nodedown)
end

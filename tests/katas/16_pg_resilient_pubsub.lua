-- The reference solution of katas/16_pg_resilient_pubsub.lua (make test
-- grades it: every check must pass).

-- pg runs already (the checks start it on each node, once).
function subscribe(topic)
  return pg.join(topic, self())
end

-- pg lists the living: a member that died has left on every node.
function publish(topic, message)
  local members = pg.get_members(topic)
  for _, pid in ipairs(members) do send(pid, tuple(atom.message, topic, message)) end
  return #members
end

-- The restarter traps exits, so its subscriber's death is a message; each
-- new subscriber joins by itself (a new pid is a new member).
function keep_subscribed(topic, to)
  return spawn(function()
    trap_exit(true)
    while true do
      local sub = spawn_link(function()
        subscribe(topic)
        while true do send(to, receive()) end
      end)
      receive(tuple(atom.EXIT, sub, ANY))
    end
  end)
end

-- wrong: each node's pg holds its own subscribers, and a publish there is enough
-- fails: publish(topic, msg) reaches every subscriber on every node, once, and returns how many
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../16_pg_resilient_pubsub.lua")   -- the rest as the reference

function publish(topic, message)
  local members = pg.get_local_members(topic)
  for _, pid in ipairs(members) do send(pid, tuple(atom.message, topic, message)) end
  return #members
end

-- wrong: a message that reaches a node reaches its subscribers there, so one member per node is enough
-- fails: publish(topic, msg) reaches every subscriber, on every node, as {:message, topic, msg}
-- (subscribe and unsubscribe are the reference's; publish is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function publish(topic, message)
  local sent = {}
  for _, pid in ipairs(pg.get_members(topic)) do
    if not sent[node_of(pid)] then
      sent[node_of(pid)] = true
      send(pid, tuple(atom.message, topic, message))
    end
  end
end

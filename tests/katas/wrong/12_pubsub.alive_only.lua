-- wrong: a publisher should skip subscribers that have died, so it asks whether each is alive
-- fails: publish(topic, msg) reaches every subscriber, on every node, as {:message, topic, msg}
-- (subscribe and unsubscribe are the reference's; publish is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function publish(topic, message)
  for _, pid in ipairs(pg.get_members(topic)) do
    if is_alive(pid) then send(pid, tuple(atom.message, topic, message)) end
  end
end

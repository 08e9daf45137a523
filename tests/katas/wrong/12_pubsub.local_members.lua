-- wrong: the members pg gives me are all of them; get_local_members is the cheap way to get them
-- fails: publish(topic, msg) reaches every subscriber, on every node, as {:message, topic, msg}
-- (subscribe and unsubscribe are the reference's; publish is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function publish(topic, message)
  for _, pid in ipairs(pg.get_local_members(topic)) do
    send(pid, tuple(atom.message, topic, message))
  end
end

-- wrong: unsubscribing takes this node out of the topic, so every local member leaves
-- fails: unsubscribe(topic): the calling process leaves, the others stay, and later messages skip it
-- (subscribe and publish are the reference's; unsubscribe is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function unsubscribe(topic)
  return pg.leave(topic, pg.get_local_members(topic))
end

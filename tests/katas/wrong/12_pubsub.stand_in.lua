-- wrong: a subscription is a process of its own that joins the group and passes messages on to the caller
-- fails: subscribe(topic) makes the calling process a member of the topic's group
-- fails: a subscriber that dies is dropped from the topic, and one that subscribes later is reached
-- (publish and unsubscribe are the reference's; subscribe is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function subscribe(topic)
  pg.start()
  local caller = self()
  local stand_in = spawn(function()
    while true do send(caller, receive()) end
  end)
  return pg.join(topic, stand_in)
end

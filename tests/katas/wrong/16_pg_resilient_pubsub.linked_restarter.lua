-- wrong: linking the restarter to its subscriber is enough to notice the death and restart
-- fails: keep_subscribed(topic, to): a subscriber that dies is replaced by one that joins again
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../16_pg_resilient_pubsub.lua")   -- the rest as the reference

function keep_subscribed(topic, to)
  return spawn(function()
    while true do
      local sub = spawn_link(function()
        subscribe(topic)
        while true do send(to, receive()) end
      end)
      receive(tuple(atom.EXIT, sub, ANY))
    end
  end)
end

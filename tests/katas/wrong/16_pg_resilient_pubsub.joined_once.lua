-- wrong: a subscriber keeps its place in the group when it is restarted, so joining once is enough
-- fails: keep_subscribed(topic, to): a subscriber that dies is replaced by one that joins again
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../16_pg_resilient_pubsub.lua")   -- the rest as the reference

function keep_subscribed(topic, to)
  return spawn(function()
    trap_exit(true)
    local function start()
      return spawn_link(function() while true do send(to, receive()) end end)
    end
    local sub = start()
    pg.join(topic, sub)
    while true do
      receive(tuple(atom.EXIT, sub, ANY))
      sub = start()
    end
  end)
end

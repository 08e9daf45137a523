-- wrong: a monitor tells the restarter of each death, so the subscriber need not be linked to it
-- fails: keep_subscribed's subscriber dies with its restarter
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../16_pg_resilient_pubsub.lua")   -- the rest as the reference

function keep_subscribed(topic, to)
  return spawn(function()
    while true do
      local sub = spawn(function()
        subscribe(topic)
        while true do send(to, receive()) end
      end)
      local ref = monitor(sub)
      receive(tuple(atom.DOWN, ref, atom.process, sub, ANY))
    end
  end)
end

-- wrong: a subscriber dies of errors, so one that catches its errors and subscribes again never needs restarting
-- fails: keep_subscribed(topic, to): a subscriber that dies is replaced by one that joins again
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../16_pg_resilient_pubsub.lua")   -- the rest as the reference

function keep_subscribed(topic, to)
  local function serve()
    subscribe(topic)
    while true do send(to, receive()) end
  end
  local sub = spawn(function()
    while true do pcall(serve) end
  end)
  return sub
end

-- wrong: publishing is telling the other nodes; each hands the message to its own subscribers
-- fails: publish(topic, msg) reaches every subscriber, on every node, as {:message, topic, msg}
-- (subscribe and unsubscribe are the reference's; publish is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function publish(topic, message)
  for _, n in ipairs(node.list()) do
    node.spawn(n, function()
      for _, pid in ipairs(pg.get_local_members(topic)) do
        send(pid, tuple(atom.message, topic, message))
      end
    end)
  end
end

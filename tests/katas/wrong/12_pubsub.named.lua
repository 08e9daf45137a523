-- wrong: a topic is a registered name on each node, and publishing sends to that name on every node
-- fails: subscribe(topic) makes the calling process a member of the topic's group
-- (no pg: the names do it)

function subscribe(topic)
  return register(tostring(topic), self())
end

function publish(topic, message)
  local nodes = node.list()
  table.insert(nodes, node.self())
  for _, n in ipairs(nodes) do
    pcall(send, tuple(tostring(topic), n), tuple(atom.message, topic, message))
  end
end

function unsubscribe(topic)
  return unregister(tostring(topic))
end

-- wrong: a message across nodes needs the pid, so look my_server up on each node first
-- fails: a node with no my_server does not stop broadcast

function broadcast(message)
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  for _, n in ipairs(nodes) do
    local pid = rpc.call(n, whereis, {"my_server"}, 1000)
    send(pid, message)
  end
end

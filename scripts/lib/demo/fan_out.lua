-- scripts/lib/demo/fan_out.lua: kata 83's Pattern 2, fan-out to all
-- nodes, as scripts/kata83/pattern2_fanout.lua runs it by itself (in its
-- guide the learner loads their own kata 31): the seed's
--   for node <- [Node.self() | Node.list()], do: send({:my_server, node}, message)

function broadcast(message)
  for _, n in ipairs({node.self(), table.unpack(node.list())}) do
    send(tuple("my_server", n), message)
  end
end

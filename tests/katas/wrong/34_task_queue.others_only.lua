-- wrong: node.list() is every node of the cluster, so enqueue picks among it
-- fails: 120 tasks enqueued at once by 12 processes on three nodes: each runs once, on the node enqueue returned
-- (the queue server is the reference's; enqueue is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../34_task_queue.lua")

function enqueue(task)
  local nodes = node.list()
  local target = nodes[math.random(#nodes)]
  rpc.call(target, server.cast, {"DistributedQueue", tuple(atom.enqueue, task)}, 2000)
  return target
end

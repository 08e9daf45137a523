-- scripts/lib/demo/task_queue.lua: the task queue of Integration Exercise
-- 2 as scripts/exercises/task_queue.lua runs it by itself (in its guide
-- the learner loads their own kata 34). A queue per node, registered
-- locally as DistributedQueue and a member of the pg group queue_workers;
-- at most MAX workers per queue; enqueue hands a task to a random node's
-- queue. A task is {name = ..., ms = how long, reply_to = a pid to tell}.

local MAX = 5

-- The work: tells reply_to when it starts and what it gave.
function execute_task(task)
  local tell = task.reply_to
  if tell then send(tell, tuple(atom.started, task.name, node.self())) end
  sleep(task.ms or 1000)
  local result = tuple(atom.ok, "Processed: " .. tostring(task.name))
  if tell then send(tell, tuple(atom.task_done, task.name, node.self(), result)) end
  return result
end

-- A worker for the next waiting task; it tells the queue when it is done.
local function run_next(q)
  local task = table.remove(q.waiting, 1)
  local queue = self()
  q.running = q.running + 1
  spawn(function()
    send(queue, tuple(atom.worker_done, execute_task(task)))
  end)
end

local function fill(q)
  while q.running < MAX and #q.waiting > 0 do run_next(q) end
  return q
end

DistributedQueue = {
  init = function()
    pg.start()                          -- :pg.start_link(), once per node
    pg.join("queue_workers", self())
    return {waiting = {}, running = 0}
  end,
  handle_cast = function(msg, q)        -- {enqueue, task}
    q.waiting[#q.waiting + 1] = msg[2]
    return fill(q)
  end,
  handle_info = function(msg, q)        -- {worker_done, result}
    if msg[1] == atom.worker_done then q.running = q.running - 1 end
    return fill(q)
  end,
  handle_call = function(_req, _from, q)  -- :start_worker, beyond MAX
    if #q.waiting == 0 then return atom.empty, q end
    run_next(q)
    return atom.ok, q
  end,
}

function queue_start() return server.start(DistributedQueue, nil, {name = "DistributedQueue"}) end
function start_worker() return server.call("DistributedQueue", atom.start_worker) end

-- The task goes to the queue of a node picked at random (this one too);
-- returns that node.
function enqueue(task)
  local nodes = node.list()
  nodes[#nodes + 1] = node.self()
  local target = nodes[math.random(#nodes)]
  -- :rpc.call(target, GenServer, :cast, [__MODULE__, {:enqueue, task}]):
  -- the cast is made on target, to its own queue
  rpc.call(target, server.cast, {"DistributedQueue", tuple(atom.enqueue, task)}, 2000)
  return target
end

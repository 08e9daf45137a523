-- Kata 34: a distributed task queue (learning exercises, Exercise 2)
--
-- From the seeds: "Integration Exercises", Exercise 2 "Distributed Task
-- Queue" (004). Every node runs a queue server, registered locally as
-- "DistributedQueue" and a member of the pg group "queue_workers".
-- enqueue sends a task to the queue of a node picked at random; each queue
-- runs at most 5 workers at a time and starts the next task when one ends.
--
-- Do, in order:
--   1. DistributedQueue.init: start pg (pg.start()), join "queue_workers",
--      and return the state {queue = {}, workers = 0}.
--   2. handle_cast(tuple(atom.enqueue, task)): add the task at the end of
--      the queue, then process_queue: when fewer than 5 workers run and the
--      queue is not empty, take the first task and spawn_worker it.
--   3. spawn_worker(task): spawn a process that runs execute_task(task)
--      (given below) and sends tuple(atom.worker_done, result) to the
--      queue server; handle_info of worker_done: one worker fewer, then
--      process_queue again.
--   4. handle_call(atom.start_worker): take the first task and start a
--      worker for it even beyond 5 (reply atom.ok), or reply atom.empty.
--   5. queue_start(): start the server registered as "DistributedQueue";
--      start_worker(): call it with atom.start_worker.
--   6. enqueue(task): pick a random node of this one and node.list(),
--      rpc.call there server.cast("DistributedQueue", tuple(atom.enqueue,
--      task)), and return the node picked.
-- Check with: repl --check katas/34_task_queue.lua
-- (the checks start two peer nodes and run queue_start on each; their
-- tasks say whom to tell, so results come back to the check, with the node
-- each ran on; 12 processes on the three nodes enqueue 120 tasks at once:
-- each must run once, on the node its enqueue returned)
--
-- Elixir (what the seed shows)                 Lua (this shell)
--   GenServer.start_link(__MODULE__, nil,        server.start(DistributedQueue, nil,
--     name: __MODULE__)                            {name = "DistributedQueue"})
--   :pg.start_link(); :pg.join(:queue_workers,   pg.start(); pg.join("queue_workers", self())
--     self())
--   %{queue: :queue.new(), workers: 0}           {queue = {}, workers = 0}
--   :queue.in(task, q)                           table.insert(q, task)
--   {{:value, task}, q} = :queue.out(q)          local task = table.remove(q, 1)
--   :queue.is_empty(q)                           #q == 0
--   {:noreply, state}                            return state      (handle_cast, handle_info)
--   {:reply, :ok, state}                         return atom.ok, state   (handle_call)
--   Enum.random([node() | Node.list()])          local nodes = node.list(); table.insert(nodes, node.self())
--                                                nodes[math.random(#nodes)]
--   :rpc.call(target, GenServer, :cast,          rpc.call(target, server.cast,
--     [__MODULE__, {:enqueue, task}])              {"DistributedQueue", tuple(atom.enqueue, task)})
--   parent = self()                              local parent = self()
--   spawn(fn -> result = execute_task(task)      spawn(function() local result = execute_task(task)
--     send(parent, {:worker_done, result}) end)    send(parent, tuple(atom.worker_done, result)) end)
-- server.cast travels by name: rpc.call(n, server.cast, ...) runs node n's
-- own server.cast, which finds n's "DistributedQueue".

-- Given (the seed's execute_task): a task is a table {name = "t1",
-- ms = 100, reply_to = pid}. It sleeps ms (the seed: 1000) and returns
-- {:ok, "Processed: t1"}; and so that results come back, it tells
-- reply_to when it starts and when it is done.
function execute_task(task)
  if task.reply_to then send(task.reply_to, tuple(atom.started, task.name, node.self())) end
  sleep(task.ms or 1000)
  local result = tuple(atom.ok, "Processed: " .. tostring(task.name))
  if task.reply_to then send(task.reply_to, tuple(atom.task_done, task.name, node.self(), result)) end
  return result
end

-- TODO 1-4: the queue server.
DistributedQueue = {}

-- TODO 5
function queue_start()
end

function start_worker()
end

-- TODO 6: to a random node's queue; return that node.
function enqueue(task)
end

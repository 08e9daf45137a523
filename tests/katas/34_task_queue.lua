-- The reference solution of katas/34_task_queue.lua (make test grades it:
-- every check must pass).

local NAME, MAX = "DistributedQueue", 5

function execute_task(task)
  if task.reply_to then send(task.reply_to, tuple(atom.started, task.name, node.self())) end
  sleep(task.ms or 1000)
  local result = tuple(atom.ok, "Processed: " .. tostring(task.name))
  if task.reply_to then send(task.reply_to, tuple(atom.task_done, task.name, node.self(), result)) end
  return result
end

DistributedQueue = {}

function DistributedQueue.init()
  pg.start()
  pg.join("queue_workers", self())
  return {queue = {}, workers = 0}
end

local function spawn_worker(task)
  local parent = self()
  spawn(function()
    local result = execute_task(task)
    send(parent, tuple(atom.worker_done, result))
  end)
end

local function process_queue(state)
  if state.workers < MAX and #state.queue > 0 then
    spawn_worker(table.remove(state.queue, 1))
    state.workers = state.workers + 1
  end
  return state
end

function DistributedQueue.handle_cast(msg, state)
  if typeof(msg) == "tuple" and msg[1] == atom.enqueue then
    table.insert(state.queue, msg[2])
    return process_queue(state)
  end
  return state
end

function DistributedQueue.handle_info(msg, state)
  if typeof(msg) == "tuple" and msg[1] == atom.worker_done then
    state.workers = state.workers - 1
    return process_queue(state)
  end
  return state
end

function DistributedQueue.handle_call(req, _from, state)
  if req == atom.start_worker then
    if #state.queue == 0 then return atom.empty, state end
    spawn_worker(table.remove(state.queue, 1))
    state.workers = state.workers + 1
    return atom.ok, state
  end
  return tuple(atom.error, atom.unknown_request), state
end

function queue_start() return server.start(DistributedQueue, nil, {name = NAME}) end

function start_worker() return server.call(NAME, atom.start_worker) end

function enqueue(task)
  local nodes = node.list()
  table.insert(nodes, node.self())
  local target = nodes[math.random(#nodes)]
  rpc.call(target, server.cast, {NAME, tuple(atom.enqueue, task)}, 2000)
  return target
end

-- wrong: a worker reads the first task of the queue; the task leaves the queue when its worker is done
-- fails: 120 tasks enqueued at once by 12 processes on three nodes: each runs once, on the node enqueue returned
-- (enqueue and start_worker are the reference's; the queue's handling is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../34_task_queue.lua")

local function spawn_worker(task)
  local parent = self()
  spawn(function() send(parent, tuple(atom.worker_done, execute_task(task))) end)
end

local function process_queue(state)
  if state.workers < 5 and #state.queue > 0 then
    spawn_worker(state.queue[1])
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
    table.remove(state.queue, 1)
    state.workers = state.workers - 1
    return process_queue(state)
  end
  return state
end

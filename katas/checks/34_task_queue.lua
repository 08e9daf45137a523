-- Checks of katas/34_task_queue.lua (format: katas/README.md). The tasks
-- the checks enqueue carry reply_to = the check's pid, so execute_task
-- (given in the kata) reports each start and end here.

-- This node's queue server, or nil and a sentence (so that a kata whose
-- queue_start does nothing yet fails at once, not after a wait).
local function queue_here()
  local p = whereis("DistributedQueue")
  if p then return p end
  return nil, "no process registered as \"DistributedQueue\" here (queue_start registers it)"
end

local function task(name, ms) return {name = name, ms = ms, reply_to = self()} end

-- Waits for `count` tasks to end (within ms in all: a timer message marks
-- the deadline). Returns the list of ends {name, node, result} and the
-- most tasks that ran at once on one node.
local function follow(count, ms)
  local running, most, ends = {}, 0, {}
  local deadline = make_ref()
  local timer = send_after(ms, self(), tuple("deadline", deadline))
  while #ends < count do
    local m = receive(function(m)
      return typeof(m) == "tuple" and (m[1] == atom.started or m[1] == atom.task_done
        or (m[1] == "deadline" and m[2] == deadline))
    end)
    if m[1] == "deadline" then break end
    local n = m[3]
    if m[1] == atom.started then
      running[n] = (running[n] or 0) + 1
      if running[n] > most then most = running[n] end
    else
      running[n] = (running[n] or 1) - 1
      ends[#ends + 1] = {m[2], m[3], m[4]}
    end
  end
  cancel_timer(timer)
  return ends, most
end

return {
  title = "a distributed task queue (Exercise 2)",
  hint = "One DistributedQueue per node (a member of pg's queue_workers); enqueue casts to a random node's queue through rpc; at most 5 workers per queue.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "queue_start on three nodes: three members of pg's \"queue_workers\"",
      hint = "init: pg.start(); pg.join(\"queue_workers\", self()); return {queue = {}, workers = 0}",
      run = function(k)
        local pids = {k.call("queue_start"), k.on(k.node(1), "queue_start"), k.on(k.node(2), "queue_start")}
        for i = 1, 3 do
          if typeof(pids[i]) ~= "pid" then return false, "queue_start returns a pid on each node", k.show(pids[i]) end
        end
        local members
        for _ = 1, 50 do
          members = pg.get_members("queue_workers")
          if #members == 3 then break end
          sleep(20)
        end
        local nodes = {}
        for i, p in ipairs(members) do nodes[i] = node_of(p) end
        table.sort(nodes)
        local want = {node.self(), k.node(1), k.node(2)}
        table.sort(want)
        return k.same(nodes, want)
      end,
    },
    {
      name = "enqueue(task) returns the node it picked, and the result comes from there",
      hint = "rpc.call(target, server.cast, {\"DistributedQueue\", tuple(atom.enqueue, task)}); return target",
      run = function(k)
        local target = k.call("enqueue", task("t1", 50))
        if type(target) ~= "string" then return false, "enqueue returns a node name", k.show(target) end
        local ends = follow(1, 1500)
        if #ends == 0 then return false, "t1 done within 1.5 s", "no result" end
        local ok, e, g = k.same(ends[1][3], tuple(atom.ok, "Processed: t1"))
        if not ok then return ok, e, g end
        return k.same(ends[1][2], target)
      end,
    },
    {
      name = "12 tasks from enqueue: all done, spread over more than one node",
      hint = "pick the node at random at each enqueue, among node.self() and node.list()",
      timeout = 2500,
      run = function(k)
        for i = 1, 12 do
          local n = k.call("enqueue", task("s" .. i, 50))
          if type(n) ~= "string" then return false, "enqueue returns a node name", k.show(n) end
        end
        local ends = follow(12, 2000)
        if #ends < 12 then return false, "12 tasks done", #ends .. " done" end
        local nodes = {}
        for _, e in ipairs(ends) do nodes[e[2]] = true end
        local count = 0
        for _ in pairs(nodes) do count = count + 1 end
        if count < 2 then return false, "tasks on more than one node", "all on " .. ends[1][2] end
        return true
      end,
    },
    {
      name = "8 tasks in this node's queue: 5 run at once, the other 3 after",
      hint = "process_queue starts a worker only while workers < 5; worker_done makes room for the next",
      timeout = 2500,
      run = function(k)
        local q, why = queue_here()
        if not q then return false, "this node's queue", why end
        for i = 1, 8 do server.cast("DistributedQueue", tuple(atom.enqueue, task("q" .. i, 120))) end
        local ends, most = follow(8, 2000)
        if #ends < 8 then return false, "8 tasks done", #ends .. " done" end
        if most ~= 5 then return false, "5 workers at most at once", most .. " at once" end
        return true
      end,
    },
    {
      name = "start_worker() starts one more beyond 5 while tasks wait, else :empty",
      hint = "handle_call(atom.start_worker): table.remove(state.queue, 1), spawn_worker, workers + 1, reply atom.ok; atom.empty when the queue is empty",
      timeout = 2500,
      run = function(k)
        local q, why = queue_here()
        if not q then return false, "this node's queue", why end
        for i = 1, 7 do server.cast("DistributedQueue", tuple(atom.enqueue, task("w" .. i, 200))) end
        local got = {k.call("start_worker"), k.call("start_worker"), k.call("start_worker")}
        local ends, most = follow(7, 2000)
        local ok, e, g = k.same(got, {atom.ok, atom.ok, atom.empty})
        if not ok then return ok, e, g end
        if #ends < 7 then return false, "7 tasks done", #ends .. " done" end
        return k.same(most, 7)
      end,
    },
  },
}

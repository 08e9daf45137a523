-- Checks of katas/34_task_queue.lua (format: katas/README.md). The tasks
-- the checks enqueue carry reply_to = the check's pid, so execute_task
-- (given in the kata) reports each start and end here, with the node it
-- ran on. The misconceptions they catch: a task sent to every node's
-- queue (it runs once per node), a task taken from the queue without
-- being removed (two workers run it), a busy queue that drops a task
-- instead of keeping it, a finished worker that does not start the next
-- (tasks left waiting for ever), and an enqueue that says one node and
-- queues on another.

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

-- One enqueuer (on any node): count tasks named prefix..i, each telling
-- parent as it runs; tells parent which node enqueue picked for each.
local function enqueuer(parent, prefix, count)
  for i = 1, count do
    local name = prefix .. i
    send(parent, tuple("enqueued", name, enqueue({name = name, ms = 30, reply_to = parent})))
  end
end

return {
  title = "a distributed task queue (Exercise 2)",
  hint = "One DistributedQueue per node (a member of pg's queue_workers); enqueue casts to a random node's queue through rpc; at most 5 workers per queue.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "queue_start on three nodes: three members of pg's \"queue_workers\"",
      hint = {"every node runs its own queue, and the queues find each other through a pg group",
              "init: pg.start(); pg.join(\"queue_workers\", self()); return {queue = {}, workers = 0}"},
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
      hint = {"the task goes to the queue of the node you picked, and that is the node you return",
              "rpc.call(target, server.cast, {\"DistributedQueue\", tuple(atom.enqueue, task)}); return target"},
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
      hint = {"one random pick per task, among all the nodes",
              "pick the node at random at each enqueue, among node.self() and node.list()"},
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
      hint = {"a busy queue keeps the task for later; a worker that ends makes room for it",
              "process_queue starts a worker only while workers < 5; worker_done makes room for the next"},
      timeout = 2500,
      run = function(k)
        local q, why = queue_here()
        if not q then return false, "this node's queue", why end
        for i = 1, 8 do server.cast("DistributedQueue", tuple(atom.enqueue, task("q" .. i, 120))) end
        local ends, most = follow(8, 2000)
        if #ends < 8 then return false, "8 tasks done", #ends .. " done" end
        if most ~= 5 then return false, "5 workers at most at once", most .. " at once" end
        local names = {}
        for i, e in ipairs(ends) do names[i] = e[1] end
        table.sort(names)
        return k.same(names, {"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"})
      end,
    },
    {
      name = "start_worker() starts one more beyond 5 while tasks wait, else :empty",
      hint = {"start_worker takes the next waiting task whatever the limit",
              "handle_call(atom.start_worker): table.remove(state.queue, 1), spawn_worker, workers + 1, reply atom.ok; atom.empty when the queue is empty"},
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
    {
      name = "120 tasks enqueued at once by 12 processes on three nodes: each runs once, on the node enqueue returned",
      hint = {"a task is taken out of one queue once: it must not run twice, or on a node other than the one picked, or never; and any node may be picked, the caller's too",
              "enqueue casts to ONE node's queue, picked among node.self() and node.list(); a worker's task is removed from the queue when it is taken",
              "local task = table.remove(state.queue, 1) before spawn_worker(task); enqueue: one rpc.call(target, server.cast, ...) and return target"},
      timeout = 3000,
      run = function(k)
        local prefix = "c" .. math.random(1e5, 1e6 - 1) .. "-"
        local senders, per, total = {}, 10, 120
        for i = 1, 4 do
          senders[#senders + 1] = spawn(enqueuer, self(), prefix .. "h" .. i .. "-", per)
          senders[#senders + 1] = node.spawn(k.node(1), function(file, ...)
            if _kata_loaded ~= file then dofile(file); _kata_loaded = file end
            enqueuer(...)
          end, k.file, self(), prefix .. "a" .. i .. "-", per)
          senders[#senders + 1] = node.spawn(k.node(2), function(file, ...)
            if _kata_loaded ~= file then dofile(file); _kata_loaded = file end
            enqueuer(...)
          end, k.file, self(), prefix .. "b" .. i .. "-", per)
        end
        local picked, ran, runs, ends = {}, {}, {}, 0
        local deadline = make_ref()
        local timer = send_after(2500, self(), tuple("deadline", deadline))
        local enqueued, bad = 0, nil
        while ends < total or enqueued < total do
          local m = receive(function(m)
            return typeof(m) == "tuple" and (m[1] == "enqueued" or m[1] == atom.started
              or m[1] == atom.task_done or (m[1] == "deadline" and m[2] == deadline))
          end)
          if m[1] == "deadline" then break end
          if m[1] == "enqueued" and type(m[3]) ~= "string" then bad = k.show(m[3]); break end
          if m[1] == "enqueued" then picked[m[2]] = m[3]; enqueued = enqueued + 1
          elseif m[1] == atom.started then runs[m[2]] = (runs[m[2]] or 0) + 1
          else ran[m[2]] = m[3]; ends = ends + 1 end
        end
        cancel_timer(timer)
        for _, p in ipairs(senders) do exit(p, "kill") end
        sleep(30)   -- a second run of a task would start now
        while true do
          local m = receive(tuple(atom.started, ANY, ANY), 0)
          if not m then break end
          runs[m[2]] = (runs[m[2]] or 0) + 1
        end
        if enqueued < total then
          return false, total .. " enqueue calls, each returning a node name", enqueued .. " returned a name" .. (bad == nil and "" or ("; one returned " .. bad))
        end
        local twice, lost, elsewhere = {}, {}, {}
        for name, n in pairs(picked) do
          if (runs[name] or 0) > 1 then twice[#twice + 1] = name .. " (" .. runs[name] .. " times)" end
          if ran[name] == nil then lost[#lost + 1] = name
          elseif ran[name] ~= n then elsewhere[#elsewhere + 1] = name .. " picked " .. tostring(n) .. ", ran on " .. ran[name] end
        end
        for _, list in ipairs({twice, lost, elsewhere}) do table.sort(list) end
        if #twice > 0 then return false, "each task run once", #twice .. " run more than once, as " .. twice[1] end
        if #lost > 0 then return false, "all " .. total .. " tasks run within 2.5 s", #lost .. " never done, as " .. lost[1] end
        if #elsewhere > 0 then return false, "each task run on the node enqueue returned", #elsewhere .. " elsewhere: " .. elsewhere[1] end
        -- 40 random picks on each node: its own node among them (all three
        -- are the cluster; missing it 40 times is a chance of 1 in 10^7)
        local own = {h = node.self(), a = k.node(1), b = k.node(2)}
        for who, n in pairs(own) do
          local picked_self = false
          for name, t in pairs(picked) do
            if name:sub(#prefix + 1, #prefix + 1) == who and t == n then picked_self = true end
          end
          if not picked_self then
            return false, "enqueue on " .. n .. " picking among all three nodes, " .. n .. " too",
              "40 enqueues there, none picked " .. n .. " itself"
          end
        end
        return true
      end,
    },
  },
}

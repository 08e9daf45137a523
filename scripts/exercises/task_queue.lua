-- Chapter 12 learning exercises (seed 004_01a4f6805bed991c.txt),
-- Integration Exercise 2: the distributed task queue. Each node runs a
-- DistributedQueue (a GenServer registered locally, a member of the pg
-- group :queue_workers); enqueue(task) picks a random node of [node() |
-- Node.list()] and :rpc.calls GenServer.cast there; a queue runs at most
-- 5 workers and starts the next task when a worker says {:worker_done,
-- result}; start_worker starts one beyond that. The code is kata 34's
-- (katas/34_task_queue.lua): the guide has the learner load their own;
-- self-running loads scripts/lib/demo/task_queue.lua. The seed's
-- execute_task sleeps 1000 ms and returns {:ok, "Processed: task"}; the
-- kata's takes the time from the task ({name =,
-- ms =, reply_to =}) and, so that results come back, tells reply_to when
-- it starts and when it is done.
local drill = require "repl.drill"

local project = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/project.lua")
local code = project.code({ "katas/34_task_queue.lua" }, "task_queue.lua")
local LOAD = code.load("type(enqueue)")

local function at(name) return name .. "@" .. drill.host() end
local function loaded(t) return t == "function" end

drill.run {
  title = "Integration Exercise 2: a distributed task queue",
  seed = "004_01a4f6805bed991c.txt, Integration Exercises, Exercise 2: Distributed Task Queue",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Load DistributedQueue on node1 (" .. code.whose .. "), and start it: DistributedQueue.start_link() is queue_start().",
      on = "node1", type = LOAD, expect = [["function"]], check = loaded },
    { on = "node1", type = [[queue_start()]], expect = "<...>", check = function(p) return typeof(p) == "pid" end },
    { say = "The same on node2.", on = "node2", type = LOAD, expect = [["function"]], check = loaded },
    { on = "node2", type = [[queue_start()]], expect = "<...>", check = function(p) return typeof(p) == "pid" end },
    { say = "Both queues joined :queue_workers (pg tells the other node a moment later):",
      on = "node1", type = [[for _ = 1, 50 do if #pg.get_members("queue_workers") == 2 then break end sleep(20) end
return pg.get_members("queue_workers")]], expect = "[<0.NN.0>, <N.NN.0>] (N not 0): one queue per node",
      check = function(l) return type(l) == "table" and #l == 2 end },
    { say = "On node1: enqueue six tasks of 500 ms, each to a random node. enqueue returns the node it picked.",
      on = "node1", type = [[picked = {}
for i = 1, 6 do picked[i] = enqueue({name = "job" .. i, ms = 500, reply_to = self()}) end
return picked]], expect = "six node names, node1 and node2 mixed",
      check = function(l) return type(l) == "table" and #l == 6 end },
    { say = "The results come back to node1's shell: {:task_done, name, node, {:ok, \"Processed: name\"}}. Collect them:",
      on = "node1", type = [[results = {}
for i = 1, 6 do
  local m = receive(tuple(atom.task_done, ANY, ANY, ANY), 3000)
  results[i] = m and (m[4][2] .. " on " .. m[3])
end
while receive(tuple(atom.started, ANY, ANY), 0) do end   -- the start notices
table.sort(results)
return results]], expect = [[["Processed: job1 on node...", ..., "Processed: job6 on node..."] ]],
      check = function(l)
        if type(l) ~= "table" or #l ~= 6 then return false, "six results" end
        for i = 1, 6 do
          if not l[i]:find("^Processed: job" .. i .. " on node[12]@") then return false, "job" .. i .. "'s result" end
        end
        return true
      end },
    { say = "At most 5 workers per queue: put 7 tasks of 2 s straight into node1's own queue (GenServer.cast(DistributedQueue, {:enqueue, task})). 5 start; 2 wait.",
      on = "node1", type = [[for i = 1, 7 do server.cast("DistributedQueue", tuple(atom.enqueue, {name = "slow" .. i, ms = 2000, reply_to = self()})) end
sleep(100)
started = {}
while receive(tuple(atom.started, ANY, ANY), 0) do started[#started + 1] = true end
return #started]], expect = "5", check = function(n) return n == 5 end },
    { say = "start_worker starts one more beyond the 5 while tasks wait; when none waits it says :empty.",
      on = "node1", type = [[start_worker(), start_worker(), start_worker()]],
      expect = ":ok, :ok, :empty", check = ":ok, :ok, :empty" },
    { say = "All seven end (the last two started by start_worker, without waiting for a free worker):",
      on = "node1", type = [[done = 0
for _ = 1, 7 do if receive(tuple(atom.task_done, ANY, ANY, ANY), 4000) then done = done + 1 end end
return done]], expect = "7", check = function(n) return n == 7 end },
  },
}

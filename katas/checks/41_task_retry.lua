-- Checks of katas/41_task_retry.lua (format: katas/README.md).
-- The checks' tasks tell where and how often they ran: each sends
-- tuple("ran", id, its node, its pid) to the check from the node it runs
-- on, before its work, so a task run here, run twice, or run on a node it
-- should have skipped is seen. Nodes die for real: a peer of the check's
-- own is killed (peer.kill) while its task runs. Results carry a random
-- secret and the name of the node that computed them.

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local eventually = dofile(here .. "lib/eventually.lua")

-- A task for the check: tells observer it runs, sleeps ms (forever when
-- ms is true), raises when fail, else returns "<its node>:<secret>".
local function task_for(observer, id, secret, ms, fail)
  return function()
    send(observer, tuple("ran", id, node.self(), self()))
    if ms == true then receive() elseif ms then sleep(ms) end
    if fail then error("task failed: " .. secret) end
    return node.self() .. ":" .. secret
  end
end

-- As task_for, with each node's own sleep: plan[node] is ms, or true
-- for ever; it tells observer tuple("ran", ...) first.
local function task_plan(observer, id, secret, plan)
  return function()
    send(observer, tuple("ran", id, node.self(), self()))
    local ms = plan[node.self()]
    if ms == true then receive() elseif ms then sleep(ms) end
    return node.self() .. ":" .. secret
  end
end

local function secret() return tostring(math.random(100000, 999999)) end

-- run_task(nodes, task, ms) in a process of its own, so that the check
-- can act meanwhile; its answer comes as tuple("result", ref, ok, value).
local function start(k, nodes, task, ms)
  local me, ref = self(), make_ref()
  spawn(function()
    local ok, r = pcall(k.call, "run_task", nodes, task, ms)
    send(me, tuple("result", ref, ok, r))
  end)
  return ref
end

-- The answer of start's ref within ms: the value, or nil and why.
local function result(k, ref, ms)
  local m = receive(tuple("result", ref, ANY, ANY), ms)
  if m == nil then return nil, "no answer within " .. ms .. " ms" end
  if not m[3] then return nil, "run_task raised: " .. tostring(m[4]) end
  return m[4]
end

-- The nodes task id ran on, in order, counting what comes within ms more.
local function runs(id, ms)
  local out = {}
  while true do
    local m = receive(tuple("ran", id, ANY, ANY), ms)
    if m == nil then return out end
    out[#out + 1] = m[3]
  end
end

local function nobody(tag)
  return "nobody_" .. tag .. math.random(1000, 9999) .. "@" .. node.self():match("@(.*)")
end

-- result must print as want and the task have run on exactly the nodes
-- of ran, in order: true, or false, expected, got.
local function outcome(k, got, why, want, ran, id)
  if got == nil then return false, k.show(want), why end
  local same, w, g = k.same(got, want)
  if not same then return false, w, g end
  local where = runs(id, 30)
  return k.same(where, ran)
end

return {
  title = "a task retried when its node dies",
  hint = {"Three endings: a result (done), the node lost (DOWN :noconnection: next node), the task's own error (report it); and a deadline over all.",
          "Spawn on the node a process that sends back pcall(task)'s outcome; monitor it; one receive takes the outcome, the DOWN, or the deadline's message."},
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "run_task(nodes, task, ms) runs the task on the first node and returns {:ok, its result}",
      hint = {"Where must the task run? The task itself says which node it ran on.",
              "node.spawn(nodes[1], ...) a process that runs task() there and sends its result back to you.",
              "local me = self(); node.spawn(n, function(task, me) send(me, tuple(tag, true, task())) end, task, me); then receive the tagged message"},
      run = function(k)
        local s, id = secret(), make_ref()
        local got, why = result(k, start(k, {k.node(1), k.node(2)}, task_for(self(), id, s), 1500), 1500)
        return outcome(k, got, why, tuple(atom.ok, k.node(1) .. ":" .. s), {k.node(1)}, id)
      end,
    },
    {
      name = "a task that raises is reported as {:error, why}, and not run again elsewhere",
      hint = {"A task that raises would raise on any node: is that a reason to try the next one?",
              "Run the task with pcall where it runs, and send back its error as an outcome; only a lost node means the next node.",
              "send(me, tuple(tag, pcall(task))); on (false, why): return tuple(atom.error, why)"},
      run = function(k)
        -- three at once, each raising as soon as it starts: before a
        -- monitor set after node.spawn can see it end (DOWN :noproc)
        local tries = {}
        for i = 1, 3 do
          local s, id = secret(), make_ref()
          tries[i] = {s = s, id = id, ref = start(k, {k.node(1), k.node(2)}, task_for(self(), id, s, nil, true), 1500)}
        end
        for _, t in ipairs(tries) do
          local got, why = result(k, t.ref, 1500)
          if got == nil then return false, "{:error, why}", why end
          if typeof(got) ~= "tuple" or got[1] ~= atom.error or not tostring(got[2]):find("task failed: " .. t.s, 1, true) then
            return false, "{:error, why} with the task's error (\"task failed: " .. t.s .. "\")", k.show(got)
          end
        end
        for _, t in ipairs(tries) do
          local same, w, g = k.same(runs(t.id, 30), {k.node(1)})
          if not same then return false, w, g end
        end
        return true
      end,
    },
    {
      name = "a task killed on its live node is reported at once, not run again",
      hint = {"Its process died, its node did not: which message tells you so, and how soon? Watching the node sees nothing.",
              "monitor the task's process, not its node: DOWN comes with the reason (killed); only :noconnection means a lost node.",
              "on DOWN with a reason other than :noconnection: return tuple(atom.error, reason)"},
      run = function(k)
        local s, id = secret(), make_ref()
        local ref = start(k, {k.node(1), k.node(2)}, task_for(self(), id, s, true), 1500)
        local ran = receive(tuple("ran", id, ANY, ANY), 1000)
        if ran == nil then return false, "the task started on " .. k.node(1), "it did not" end
        exit(ran[4], "kill")
        local got, why = result(k, ref, 500)
        if got == nil then return false, "{:error, why} as soon as the task was killed, not at the deadline", why end
        if typeof(got) ~= "tuple" or got[1] ~= atom.error or got[2] == atom.timeout or got[2] == atom.nodedown then
          return false, "{:error, why}, why the DOWN's reason (the task was killed)", k.show(got)
        end
        return k.same(runs(id, 30), {})
      end,
    },
    {
      name = "a slow task on a live node is waited for, not started again elsewhere",
      timeout = 3000,
      hint = {"A node that is slow to answer is not a dead node: what tells you that a node died?",
              "Do not retry on silence: the monitor's DOWN :noconnection says the node is gone; until then, wait (up to the deadline).",
              "retry only on tuple(atom.DOWN, ref, atom.process, pid, atom.noconnection) or when node.spawn returns nil"},
      run = function(k)
        local s, id = secret(), make_ref()
        local ref = start(k, {k.node(1), k.node(2)}, task_for(self(), id, s, 400), 2000)
        local got, why = result(k, ref, 2500)
        return outcome(k, got, why, tuple(atom.ok, k.node(1) .. ":" .. s), {k.node(1)}, id)
      end,
    },
    {
      name = "when the task's node dies under it, the task runs again on the next node, within what is left of the deadline",
      timeout = 3000,
      hint = {"How does the caller learn that the node running its task is gone? Not from the task: it is dead. And whose time does the next node use?",
              "monitor the task's process: a lost node gives DOWN with :noconnection; then spawn it on the next node of the list. The deadline is one, for the whole run: the next node gets only what is left.",
              "on tuple(atom.DOWN, ref, atom.process, pid, atom.noconnection): go on with nodes[i + 1], waiting in the same receive for the same deadline's message"},
      run = function(k)
        local h, hwhy = peer.start{name = "n41_" .. math.random(1000, 9999), output = false}
        if not h then return false, "an extra peer node", k.show(hwhy) end
        local p1 = k.node(1)
        -- both start on h, which never finishes them; on p1 the task takes
        -- 200 ms (ample time left of 2500) or 300 ms (more than is left of
        -- 500 once h has run it 300 ms: the deadline passes first)
        local tries = {
          ample = {s = secret(), id = make_ref(), ms = 2500, plan = {[h.node] = true, [p1] = 200}},
          short = {s = secret(), id = make_ref(), ms = 500, plan = {[h.node] = true, [p1] = 300}},
        }
        local me = self()
        for _, r in pairs(tries) do r.ref = start(k, {h.node, p1}, task_plan(me, r.id, r.s, r.plan), r.ms) end
        local why
        for _, r in pairs(tries) do
          local first = receive(function(m)   -- the task's start there, or an early answer
            return typeof(m) == "tuple" and ((m[1] == "ran" and m[2] == r.id) or (m[1] == "result" and m[2] == r.ref))
          end, 1000)
          if first == nil or first[1] ~= "ran" then
            why = why or (first and ("run_task returned " .. k.show(first[4])) or "it did not run")
          elseif first[3] ~= h.node then why = why or ("it started on " .. first[3]) end
        end
        if not why then sleep(300) end
        peer.kill(h)
        if why then return false, "the task started on " .. h.node, why end
        local got, gwhy = result(k, tries.ample.ref, 2000)
        local ok, w, g = outcome(k, got, gwhy, tuple(atom.ok, p1 .. ":" .. tries.ample.s), {p1}, tries.ample.id)
        if not ok then return false, w, g end
        got, gwhy = result(k, tries.short.ref, 1500)
        if got == nil then return false, "{:error, :timeout}", gwhy end
        if not k.same(got, tuple(atom.error, atom.timeout)) then
          return false, "{:error, :timeout}: 500 ms in all, 300 of them spent on " .. h.node .. " before it died", k.show(got)
        end
        return true
      end,
    },
    {
      name = "a node that cannot be reached is skipped, and one not connected yet is tried",
      hint = {"node.spawn to a node that is not running does not give a pid: what does it give? And is a node missing from node.list() down?",
              "node.spawn returns nil and why when the node cannot be reached (Elixir gives a pid that dies at once with :noconnection): go on with the next node. It connects to a running node by itself: node.list() is who is connected now, not who is up.",
              "try each node of the list with node.spawn; skip it only when node.spawn gives nil"},
      run = function(k)
        local s, id = secret(), make_ref()
        node.disconnect(k.node(2))   -- running, but not connected to this node
        local got, why = result(k, start(k, {nobody("a"), k.node(2)}, task_for(self(), id, s), 1500), 1500)
        return outcome(k, got, why, tuple(atom.ok, k.node(2) .. ":" .. s), {k.node(2)}, id)
      end,
    },
    {
      name = "when no node can run it, run_task says {:error, :nodedown} at once, not at the deadline",
      hint = {"Is trying a dead node again and again a plan? The list is the plan: each node once.",
              "After the last node of the list, return tuple(atom.error, atom.nodedown)."},
      run = function(k)
        local id = make_ref()
        local got, why = result(k, start(k, {nobody("b"), nobody("c")}, task_for(self(), id, secret()), 10000), 1000)
        return outcome(k, got, why, tuple(atom.error, atom.nodedown), {}, id)
      end,
    },
    {
      name = "past the deadline run_task returns {:error, :timeout} and stops the task",
      hint = {"A call across nodes needs a limit: the seeds' pitfall of the :infinity timeout. And what becomes of the task you give up on?",
              "One timer for the whole run (send_after(ms, self(), ...)), taken by the same receive as the outcome and the DOWN; then exit(pid, \"kill\") the task. rpc.call's timeout only stops the waiting: the task runs on there, as with Erlang's rpc:call.",
              "on the deadline's message: exit(pid, \"kill\"); return tuple(atom.error, atom.timeout)"},
      run = function(k)
        local id = make_ref()
        local ref = start(k, {k.node(1), k.node(2)}, task_for(self(), id, secret(), true), 200)
        local got, why = result(k, ref, 1000)
        local ran = receive(tuple("ran", id, ANY, ANY), 0)
        local ok, w, g = outcome(k, got, why, tuple(atom.error, atom.timeout), {}, id)
        if not ok then return false, w, g end
        if ran == nil then return false, "the task to have started on " .. k.node(1), "it did not" end
        local pid = ran[4]
        local gone = eventually(k, false, function()
          return rpc.call(node_of(pid), function(p) return is_alive(p) end, {pid}, 500)
        end)
        if not gone then return false, "the task given up on stopped", "it still runs on " .. node_of(pid) end
        return true
      end,
    },
  },
}

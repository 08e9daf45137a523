-- Checks of katas/14_remote_links.lua (format: katas/README.md).
-- The learner's run_linked and watch run in a caller process of the
-- check's own, so that the check outlives a caller that dies, and can kill
-- a caller on purpose. Each job tells the check on which node and in which
-- process it runs, so where it ran and whether it died are observed, not
-- taken from a return value. Peer 3 is killed under run_linked, peer 4
-- under watch.

-- A job for the learner's functions: it reports to the check, waits for
-- the check's "go" (sent once the caller links to it or monitors it: a
-- process that ends at once would end before the caller's monitor(pid)
-- is made, and that monitor would say noproc, as in Erlang), then does
-- what: "crash" (exits with the reason tag), "end" (returns: reason
-- normal), "wait" (waits for ever). It travels to the node with check,
-- what and tag copied.
local function job(what, tag)
  local check = self()
  return function()
    send(check, tuple("job", tag, node.self(), self()))
    if what == "wait" then while true do receive() end end
    receive("go")
    if what == "crash" then exit(tag) end
  end
end

-- Waits (about 300 ms at most) until pid (on n) has something in one of
-- the process_info fields named (links, monitored_by): a monitor request
-- and a signal sent by another way may cross.
local function watched(n, pid, ...)
  for _ = 1, 15 do
    local info = rpc.call(n, process_info, {pid}, 500)
    for _, field in ipairs({...}) do
      if info and #(info[field] or {}) > 0 then return end
    end
    sleep(20)
  end
end

-- Sends pid (on n) its "go" once it is linked or monitored.
local function go(n, pid)
  watched(n, pid, "links", "monitored_by")
  send(pid, "go")
end

local function new_tag(what)
  return what .. "_" .. string.format("%08x", math.random(0, 0x7fffffff))
end

-- Runs the learner's fname(...) in a new process here: its pid and a
-- monitor of it.
local function start_caller(fname, ...)
  local check, args = self(), table.pack(...)
  return spawn_monitor(function()
    local fn = _G[fname]
    if type(fn) ~= "function" then error(fname .. " is not defined", 0) end
    local r = fn(table.unpack(args, 1, args.n))
    send(check, tuple("returned", self(), {v = r}))
  end)
end

-- How the caller ended: "returned" and the value, "died" and the reason,
-- or nil after ms.
local function outcome(pid, ref, ms)
  local m = receive(function(m)
    return typeof(m) == "tuple" and ((m[1] == "returned" and m[2] == pid)
                                     or (m[1] == atom.DOWN and m[2] == ref))
  end, ms)
  if not m then return nil end
  demonitor(ref, true)
  if m[1] == "returned" then return "returned", m[3].v end
  return "died", m[5]
end

-- The reason of pid's DOWN, or nil if it still runs after ms.
local function down(ref, ms)
  local m = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), ms)
  return m and m[5]
end

-- Runs fname(n, job(what), ms) in a caller and checks that the job ran
-- on n: the caller, its monitor, and the job's pid; or nil, want, got.
local function start_job(k, fname, n, what, ms)
  local tag = new_tag(what)
  local caller, ref = start_caller(fname, n, job(what, tag), ms)
  local m = receive(function(m)
    return typeof(m) == "tuple" and (m[1] == "job" and m[2] == tag
      or (m[1] == "returned" and m[2] == caller) or (m[1] == atom.DOWN and m[2] == ref))
  end, 1000)
  if not m then return nil, "the job to run on " .. n, "it did not run within 1000 ms" end
  if m[1] ~= "job" then
    demonitor(ref, true)
    local why = m[1] == "returned" and ("it returned " .. k.show(m[3].v)) or ("it died with reason " .. k.show(m[5]))
    return nil, "the job to run on " .. n .. " while the caller waits", "the caller ended first: " .. why
  end
  if m[3] ~= n then return nil, "the job to run on " .. n, "it ran on " .. m[3] end
  if what ~= "wait" then go(n, m[4]) end
  return caller, ref, m[4], tag
end

-- The caller of fname ran a job that ends as what; it must return want.
local function returns_reason(k, fname, n, what, want)
  local caller, ref, got, tag = start_job(k, fname, n, what, 1000)
  if not caller then return false, ref, got end
  local how, v = outcome(caller, ref, 1300)
  if how == nil then return false, "an answer within 1000 ms", "none" end
  if how == "died" then
    return false, "the caller lives on and returns the job's reason",
           "the caller died with reason " .. k.show(v)
  end
  return k.same(v, want or tag)
end

-- A killed node's caller returns noconnection.
local function node_killed(k, fname, i)
  local caller, ref, got = start_job(k, fname, k.node(i), "wait", 1500)
  if not caller then return false, ref, got end
  peer.kill(k.peers[i])
  local how, v = outcome(caller, ref, 1500)
  if how == nil then return false, "an answer once the node was killed", "none" end
  if how == "died" then return false, "the caller lives on", "it died with reason " .. k.show(v) end
  return k.same(v, atom.noconnection)
end

local function kill_all(...)
  for _, p in ipairs({...}) do if typeof(p) == "pid" then exit(p, "kill") end end
end

-- start_pair's workers, each monitored; or nil, want, got.
local function pair(k)
  local pa, pb = k.call("start_pair", k.node(1), k.node(2))
  if typeof(pa) ~= "pid" or typeof(pb) ~= "pid" then
    return nil, "two pids", k.show(pa) .. ", " .. k.show(pb)
  end
  if node_of(pa) ~= k.node(1) or node_of(pb) ~= k.node(2) then
    kill_all(pa, pb)
    return nil, "a worker on " .. k.node(1) .. ", then one on " .. k.node(2),
           "workers on " .. node_of(pa) .. " and " .. node_of(pb)
  end
  local ra, rb = monitor(pa), monitor(pb)
  watched(k.node(1), pa, "monitored_by")
  watched(k.node(2), pb, "monitored_by")
  return pa, pb, ra, rb
end

math.randomseed(os.time() + _peer.getpid())

return {
  title = "links and monitors across nodes",
  hint = {"A link ties two lives together across nodes, both ways; a monitor only watches, one way.",
          "node.spawn_link links, trap_exit(true) turns the signal into a message; node.spawn and monitor(pid) watch"},
  cluster = {peers = 4},
  timeout = 2000,
  checks = {
    {
      name = "run_linked runs job on n and returns its crash reason; the caller lives on",
      hint = {"A linked job's crash reaches its caller as an exit signal: a process that does not trap exits dies of it.",
              "trap_exit(true) first; then node.spawn_link(n, job), and the crash arrives as a message",
              "receive(tuple(atom.EXIT, pid, ANY), ms): its third element is the reason"},
      run = function(k) return returns_reason(k, "run_linked", k.node(1), "crash") end,
    },
    {
      name = "run_linked: a job that ends normally gives atom.normal",
      hint = {"A normal end also sends its links a signal, with reason normal: it kills nobody, and only a process that traps exits sees it.",
              "with trap_exit(true) it arrives as tuple(atom.EXIT, pid, atom.normal)"},
      run = function(k) return returns_reason(k, "run_linked", k.node(1), "end", atom.normal) end,
    },
    {
      name = "killing the caller of run_linked kills its job on n: a link goes both ways",
      hint = {"A link is two-way: when the caller dies, its linked job is told, and dies too.",
              "a monitor would only watch the job; node.spawn_link links the job to the caller in one step"},
      run = function(k)
        local caller, ref, pid = start_job(k, "run_linked", k.node(1), "wait", 1800)
        if not caller then return false, ref, pid end
        local jref = monitor(pid)
        exit(caller, "kill")
        demonitor(ref, true)
        local why = down(jref, 1000)
        if why == nil then
          kill_all(pid)
          return false, "the job dies with its caller", "it still runs on " .. k.node(1) .. " 1000 ms after the caller was killed"
        end
        return k.same(why, atom.killed)
      end,
    },
    {
      name = "run_linked returns atom.noconnection when n is killed",
      hint = {"A whole node that dies is not a crash of the job: the link still fires, with a reason of its own.",
              "the caller gets tuple(atom.EXIT, pid, atom.noconnection) when the connection to n is lost",
              "only a link (or a monitor) from here sees it: nothing can be sent from a dead node"},
      timeout = 2500,
      run = function(k) return node_killed(k, "run_linked", 3) end,
    },
    {
      name = "start_pair puts one worker on each node, linked to each other",
      hint = {"Two processes on two nodes can be linked like two on one: each dies of the other's crash.",
              "the worker started on b can link(pa) as it starts (pa travels to b as an upvalue)",
              "not node.spawn_link from the caller: that links each worker to the caller instead"},
      run = function(k)
        local pa, pb, ra = pair(k)
        if not pa then return false, pb, ra end
        exit(pb, "kill")
        local why = down(ra, 1000)
        if why == nil then
          kill_all(pa)
          return false, "the worker on " .. k.node(1) .. " dies when its partner is killed", "it still runs"
        end
        return k.same(why, atom.killed)
      end,
    },
    {
      name = "\"stop\" to one worker ends both",
      hint = {"A link passes on every reason but one: a process that ends normally takes nobody with it.",
              "the stopped worker must end with a reason other than normal, and the link does the rest",
              "exit(atom.shutdown) on \"stop\", as supervisors stop their children"},
      run = function(k)
        local pa, pb, ra, rb = pair(k)
        if not pa then return false, pb, ra end
        send(pa, "stop")
        local wa = down(ra, 1000)
        if wa == nil then kill_all(pa, pb); return false, "the worker told \"stop\" ends", "it still runs" end
        local wb = down(rb, 1000)
        if wb == nil then
          kill_all(pb)
          return false, "its partner ends too", "the partner still runs; the stopped worker ended with reason " .. k.show(wa)
        end
        return true
      end,
    },
    {
      name = "\"done\" ends one worker normally; its partner lives on",
      hint = {"A normal end kills no linked process: that is what makes it normal.",
              "on \"done\" the worker returns from its function (reason atom.normal), no exit with a reason of its own"},
      run = function(k)
        local pa, pb, ra, rb = pair(k)
        if not pa then return false, pb, ra end
        send(pb, "done")
        local wb = down(rb, 1000)
        if wb == nil then kill_all(pa, pb); return false, "the worker told \"done\" ends", "it still runs" end
        local wa = down(ra, 300)
        kill_all(pa)
        if wa ~= nil then
          return false, "its partner keeps running",
                 "the partner ended with " .. k.show(wa) .. " after the worker ended with " .. k.show(wb)
        end
        return k.same(wb, atom.normal)
      end,
    },
    {
      name = "watch returns the job's crash reason; the watcher lives on",
      hint = {"A monitor reports a process's end as a message and never kills the watcher.",
              "node.spawn(n, job), then monitor(pid): a DOWN message comes when it ends",
              "receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), ms): its fifth element is the reason"},
      run = function(k) return returns_reason(k, "watch", k.node(1), "crash") end,
    },
    {
      name = "killing the watcher leaves its job running on n",
      hint = {"A monitor is one-way: the watched process is not told when its watcher dies.",
              "a link (node.spawn_link) would take the job down with the watcher: use node.spawn and monitor"},
      run = function(k)
        local caller, ref, pid = start_job(k, "watch", k.node(1), "wait", 1800)
        if not caller then return false, ref, pid end
        local jref = monitor(pid)
        exit(caller, "kill")
        demonitor(ref, true)
        local why = down(jref, 300)
        kill_all(pid)
        if why ~= nil then return false, "the job keeps running", "it ended with " .. k.show(why) .. " when its watcher was killed" end
        return true
      end,
    },
    {
      name = "watch returns atom.noconnection when n is killed",
      hint = {"When a whole node dies, a monitor of a process there fires too, with a reason of its own.",
              "the DOWN message's reason is atom.noconnection: the connection was lost, the job did not crash",
              "watch the process (monitor(pid)), not the node: that sees both a crash and a node's death"},
      timeout = 2500,
      run = function(k) return node_killed(k, "watch", 4) end,
    },
  },
}

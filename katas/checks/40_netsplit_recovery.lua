-- Checks of katas/40_netsplit_recovery.lua (format: katas/README.md).
-- One story, told in order: a counter for the whole cluster; a netsplit
-- (peer 2 cuts itself off from this node and peer 1 with node.cut); both
-- halves count; the heal (node.heal); global's conflict and the learner's
-- resolver; then what is left is observed on every node: which pid each
-- names, whether the other still runs, and the count. The amounts are
-- random, so no total can be made up. Each check says so when the one
-- before it left nothing to go on.

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local eventually = dofile(here .. "lib/eventually.lua")
local mesh = dofile(here .. "lib/mesh.lua")
local pause = dofile(here .. "lib/pause.lua")
local background = dofile(here .. "lib/background.lua")

local NAME = "hits"
local story = {}       -- what the checks before found: pids, the total

local function amount() return math.random(10, 999) end

-- The learner's bump on node n (here when n is this node).
local function bump(k, n, by)
  if n == node.self() then return k.call("counter_bump", NAME, by) end
  return k.on(n, "counter_bump", NAME, by)
end

-- Waits (about a second) until want(node.list() of n) holds.
local function wait_list(n, want)
  for _ = 1, 50 do
    if want(rpc.call(n, "node", "list", {}, 500) or {}) then return true end
    sleep(20)
  end
  return false
end

-- Waits (about 1.5 s) for the file at path to exist.
local function wait_file(path)
  for _ = 1, 75 do
    local f = io.open(path)
    if f then f:close(); return true end
    sleep(20)
  end
  return false
end

-- The half of peer 2, run there: once the split is seen there (no node
-- connected, the other half's name gone), it starts a counter and bumps it
-- by b, writes the file done (the disk is not cut, the network is), and
-- answers tuple("results?", pid) after the heal with tuple("results",
-- the pid started, the count, "" or the error). (This function travels
-- to peer 2: only its arguments and globals.)
local function split_half(path, name, b, done)
  if type(counter_start) ~= "function" then dofile(path) end
  for _ = 1, 100 do
    if #node.list() == 0 and global.whereis_name(name) == nil then break end
    sleep(10)
  end
  local ok, pid = pcall(counter_start, name)
  local ok2, count = false, nil
  if ok then ok2, count = pcall(counter_bump, name, b) end
  local err = (not ok and tostring(pid)) or (not ok2 and tostring(count)) or ""
  local f = io.open(done, "w")
  if f then f:write("done\n"); f:close() end
  local m = receive(tuple("results?", ANY))
  send(m[2], tuple("results", ok and pid or false, ok2 and count or false, err))
end

local function has(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

return {
  title = "after a netsplit, one counter again",
  hint = {"AP: during a split each half counts on its own counter; when the halves meet, global calls the name's resolve function, and yours merges instead of killing.",
          "Look the name up for every call; the resolve function returns the pid kept and tells the other to hand over its count and stop."},
  cluster = {peers = 2},
  timeout = 2500,
  checks = {
    {
      name = "counter_start(name) starts one counter for the cluster; started again elsewhere, it returns that one",
      hint = {"One name, cluster-wide: which registry is that? And what if the name is taken already?",
              "global.register_name(name, pid, resolve_counter) says false when the name is taken: then stop your new process and return global.whereis_name(name)."},
      run = function(k)
        if not mesh(k) then return false, "the peers connected", "they are not" end
        local first = k.call("counter_start", NAME)
        if typeof(first) ~= "pid" then return false, "a pid", k.show(first) end
        local again = k.on(k.node(1), "counter_start", NAME)
        if again ~= first then return false, "the same counter " .. k.show(first), k.show(again) end
        local seen = rpc.call(k.node(2), "global", "whereis_name", {NAME}, 500)
        if seen ~= first then return false, "peer 2 to see " .. k.show(first) .. " under " .. NAME, k.show(seen) end
        story.first = first
        return true
      end,
    },
    {
      name = "counter_start raced from several processes on every node gives them all the one counter",
      hint = {"Between looking the name up and registering it, another node may register it: which answer tells you who won?",
              "Do not look up first and then register: register, and if global.register_name says false, stop yours and take global.whereis_name(name)."},
      run = function(k)
        local name, me = "race_" .. math.random(100000, 999999), self()
        local nodes = {node.self(), k.node(1), k.node(2)}
        for _, n in ipairs(nodes) do
          for _ = 1, 4 do
            spawn(function()
              local ok, pid = pcall(k.on, n, "counter_start", name)
              send(me, tuple("started", ok and pid or tostring(pid)))
            end)
          end
        end
        local got = {}
        for i = 1, 3 * 4 do
          local m = receive(tuple("started", ANY), 1500)
          if m == nil then return false, "12 answers", (i - 1) .. " within 1.5 s" end
          got[i] = m[2]
        end
        local holder = global.whereis_name(name)
        for _, pid in ipairs(got) do
          if pid ~= holder then
            return false, "every counter_start to return the holder of the name, " .. k.show(holder), k.show(pid)
          end
        end
        return true
      end,
    },
    {
      name = "counter_bump(name, by) from any node adds to the one counter and returns its new count",
      hint = {"The count lives in one process: each bump is a message to it, and the answer comes back.",
              "Look up global.whereis_name(name), send it the bump with self() and a ref, and wait (with a timeout) for the reply tagged with that ref."},
      run = function(k)
        if not story.first then return false, "a counter from the check before", "none" end
        local total = 0
        for _, n in ipairs({k.node(1), k.node(2), node.self()}) do
          local by = amount()
          total = total + by
          local got = bump(k, n, by)
          if got ~= total then return false, "the count " .. total .. " after a bump of " .. by .. " on " .. n, k.show(got) end
        end
        local seen = k.on(k.node(2), "counter_value", NAME)
        if seen ~= total then return false, "counter_value to be " .. total, k.show(seen) end
        story.total = total
        return true
      end,
    },
    {
      name = "in a split, each half counts on a counter of its own",
      timeout = 3000,
      hint = {"Cut off, peer 2 no longer sees the counter: is a pid you looked up before still the one to use?",
              "counter_bump looks the name up for each bump; counter_start in peer 2's half finds the name free there and registers a new counter.",
              "no cached pid: global.whereis_name(name) at every call"},
      run = function(k)
        if not story.total then return false, "a count from the checks before", "none" end
        local p1, p2 = k.node(1), k.node(2)
        local a, b = amount(), amount()
        local done = k.dir(2) .. "/split-done"
        local driver = node.spawn(p2, split_half, k.file, NAME, b, done)
        node.monitor(p2)
        node.cut(p2)
        rpc.call(p1, "node", "cut", {p2}, 1000)
        local down = receive(tuple(atom.nodedown, p2), 1000)
        local got_a = down and bump(k, p1, a)
        local finished = down and wait_file(done)
        node.heal(p2)
        rpc.call(p1, "node", "heal", {p2}, 1000)
        if not down then return false, "peer 2 cut off", "no nodedown" end
        if not wait_list(p2, function(l) return has(l, node.self()) and has(l, p1) end) then
          return false, "peer 2 connected again after node.heal", "it is not"
        end
        story.healed = true
        if got_a ~= story.total + a then
          return false, "the count " .. (story.total + a) .. " on the first counter, in its half", k.show(got_a)
        end
        if not finished then return false, "peer 2's half to count during the split", "it did not finish" end
        send(driver, tuple("results?", self()))
        local r = receive(tuple("results", ANY, ANY, ANY), 1000)
        if r == nil then return false, "peer 2's results", "no answer" end
        local second, got_b, err = r[2], r[3], r[4]
        if err ~= "" then return false, "counter_start and counter_bump to work in peer 2's half", err end
        if typeof(second) ~= "pid" or node_of(second) ~= p2 then
          return false, "a new counter on peer 2, in its half", k.show(second)
        end
        story.second = second
        if got_b ~= b then return false, "the count " .. b .. " on peer 2's new counter", k.show(got_b) end
        story.total = story.total + a + b
        return true
      end,
    },
    {
      name = "after the heal one counter is left: every node names the same, and the other has stopped",
      hint = {"Healed, global finds the name held twice and calls its resolve function. The pid it does not return keeps running unless it stops.",
              "resolve_counter returns the pid kept and sends the other a message; on it, the other hands over its count and returns from its loop.",
              "send(pid2, tuple(\"hand_over\", pid1)); return pid1 -- and the counter's loop: on hand_over, send its count to the winner, then stop"},
      run = function(k)
        if not (story.healed and story.second) then return false, "the split and heal of the check before", "none" end
        local p1, p2 = k.node(1), k.node(2)
        for _, n in ipairs({p1, p2}) do rpc.call(n, "global", "sync", {}, 1500) end
        global.sync()
        local kept = global.whereis_name(NAME)
        for _, n in ipairs({p1, p2}) do
          local seen = rpc.call(n, "global", "whereis_name", {NAME}, 500)
          if seen ~= kept then return false, "every node to name " .. k.show(kept), n .. " names " .. k.show(seen) end
        end
        if kept ~= story.first and kept ~= story.second then
          return false, "one of the two counters kept", k.show(kept)
        end
        local other = kept == story.first and story.second or story.first
        story.kept = kept
        local stopped = eventually(k, false, function()
          return rpc.call(node_of(other), function(p) return is_alive(p) end, {other}, 500)
        end)
        if not stopped then return false, "the other counter " .. k.show(other) .. " stopped", "it still runs" end
        return true
      end,
    },
    {
      name = "after the heal no count is lost: the counter holds both halves' counts",
      hint = {"Did the counter that was not kept take its count with it? The default resolve function kills it.",
              "Before the other stops, it sends its count to the one kept, which adds it."},
      run = function(k)
        if not story.kept then return false, "one counter left after the heal", "none" end
        for _, n in ipairs({k.node(1), k.node(2)}) do
          local ok, want, got = eventually(k, story.total, function() return k.on(n, "counter_value", NAME) end)
          if not ok then return false, "the count of both halves, " .. want .. ", seen from " .. n, got end
        end
        return true
      end,
    },
    {
      name = "after the heal, a bump from either half reaches the counter kept",
      hint = {"The pid a node used before the heal may be the one that stopped: look the name up again.",
              "global.whereis_name(name) at each call; if the counter dies before it answers (monitor: DOWN), look up again and retry."},
      run = function(k)
        if not story.kept then return false, "one counter left after the heal", "none" end
        for _, n in ipairs({k.node(2), k.node(1)}) do
          local by = amount()
          story.total = story.total + by
          local got = bump(k, n, by)
          if got ~= story.total then return false, "the count " .. story.total .. " after a bump on " .. n, k.show(got) end
        end
        return true
      end,
    },
    {
      name = "a bump whose counter dies before it answers goes to the counter that holds the name now",
      hint = {"A counter that died is not a silent one: its DOWN says so at once. Is the name gone with it?",
              "On the DOWN of the counter you sent to, look the name up again: another counter may hold it now (the one kept after a conflict). Send the bump there.",
              "loop: whereis_name, monitor, send, receive reply-or-DOWN with a timeout; on DOWN go round again (a few times)"},
      run = function(k)
        local name, by = "moved_" .. math.random(100000, 999999), amount()
        -- holds the name until a message comes; then a counter of the
        -- learner's takes the name over, and this one dies unanswering
        local function doomed(nm)
          receive()
          global.unregister_name(nm)
          counter_start(nm)
        end
        local old = spawn(doomed, name)
        if not global.register_name(name, old) then return false, "the name " .. name .. " free", "taken" end
        local got = k.on(k.node(1), "counter_bump", name, by)
        local now = global.whereis_name(name)
        if typeof(now) ~= "pid" or now == old then return false, "a counter under " .. name .. " after the first died", k.show(now) end
        if got ~= by then
          return false, "the count " .. by .. " from the counter that took the name over", k.show(got)
        end
        return true
      end,
    },
    {
      name = "a bump to a counter that does not answer gives up with nil, and counts once",
      timeout = 3500,
      hint = {"A counter that is slow to answer is not a dead one: what becomes of a bump you send it twice? And how long do you wait?",
              "Wait for the reply or the DOWN with a timeout (about a second); on silence give up with nil, without sending the bump again: only a DOWN means it is gone.",
              "receive(reply-or-DOWN, 500): nil -> return nil; DOWN -> look the name up again and retry"},
      run = function(k)
        local name, p1 = "slow_" .. math.random(100000, 999999), k.node(1)
        local pid = k.on(p1, "counter_start", name)
        if typeof(pid) ~= "pid" or node_of(pid) ~= p1 then return false, "a counter started on " .. p1, k.show(pid) end
        if not eventually(k, pid, function() return global.whereis_name(name) end) then
          return false, "this node to see " .. k.show(pid) .. " under " .. name, "it does not"
        end
        local first, by = amount(), amount()
        local got = k.call("counter_bump", name, first)
        if got ~= first then return false, "the count " .. first .. " after a first bump", k.show(got) end
        -- its node stopped (SIGSTOP): alive, connected, silent
        local p = pause(k.peers[1], 5000)
        local job = background(k.call, "counter_bump", name, by)
        local ok, answer = background.result(job, 2000)
        pause.resume(p)
        if ok == nil then
          return false, "the bump to give up within about a second while " .. p1 .. " is silent", "it still waited after 2 s"
        end
        if ok == false then error(answer, 0) end
        if answer ~= nil then return false, "nil: the counter did not answer", k.show(answer) end
        local counted, want, g = eventually(k, first + by, function() return k.on(p1, "counter_value", name) end)
        if not counted then
          return false, "the count " .. want .. " once " .. p1 .. " runs again (the bump sent once)", g
        end
        return true
      end,
    },
  },
}

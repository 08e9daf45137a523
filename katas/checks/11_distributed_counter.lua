-- Checks of katas/11_distributed_counter.lua (format: katas/README.md).
-- The counter is started, incremented and read from every node; what
-- must be atomic is raced: hundreds of increments from processes on three
-- nodes at once (a read-then-write loses them), and starts from nine
-- processes at once (a look-then-register start wins several times).
-- After a crash, every node must reach the new counter (a pid kept from
-- before is dead), and one started again on the node of a dead one counts
-- from 0 (the count dies with its process, as a GenServer's state does).

-- counter_get() on node n, again and again until it answers want (casts
-- from different nodes may arrive after a call that left later), up to
-- about 500 ms; returns the last answer.
local function get_until(k, n, want)
  local got
  for _ = 1, 25 do
    got = k.on(n, "counter_get")
    if got == want or type(got) ~= "number" then break end   -- nil: no use waiting
    sleep(20)
  end
  return got
end

local function where_is() return global.whereis_name("counter") end

-- Kills the counter, if one runs, and waits (up to 500 ms) until node n
-- no longer finds its name. Returns the pid it killed.
local function kill_counter(n)
  local pid = global.whereis_name("counter")
  if pid then exit(pid, "kill") end
  for _ = 1, 50 do
    if rpc.call(n, where_is) == nil then break end
    sleep(10)
  end
  return pid
end

-- The peers connected to each other too and global synced (lib/mesh.lua).
local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

-- A process that waits for "go", then runs the learner's fname `times`
-- times and, when then is given, the learner's then() once (a call after
-- casts from the same process is handled after them), and tells parent
-- tuple("done", tag, ok, results or why). It travels to other nodes: it
-- uses only its arguments and globals; the kata is loaded there (k.on
-- did it) or is loaded now.
local function worker(path, parent, tag, fname, times, then_name)
  if type(_G[fname]) ~= "function" then dofile(path) end
  receive("go")
  local ok, r = pcall(function()
    local last
    for _ = 1, times do last = _G[fname]() end
    if then_name then last = _G[then_name]() end
    return last
  end)
  send(parent, tuple("done", tag, ok, ok and {v = r} or tostring(r)))
end

-- Starts per_node workers on each node (this one and every peer), all
-- waiting; then says go to all at once, so that they run at the same
-- time. Returns the list of their answers ({node, ok, result or why}),
-- or nil and why when some did not answer within ms.
local function race(k, per_node, fname, times, then_name, ms)
  local nodes = {node.self()}
  for i = 1, #k.peers do nodes[#nodes + 1] = k.node(i) end
  local pids, tags = {}, {}
  for _, n in ipairs(nodes) do
    for j = 1, per_node do
      local tag = n .. "#" .. j
      local pid = n == node.self() and spawn(worker, k.file, self(), tag, fname, times, then_name)
        or node.spawn(n, worker, k.file, self(), tag, fname, times, then_name)
      pids[#pids + 1], tags[tag] = pid, n
    end
  end
  for _, pid in ipairs(pids) do send(pid, "go") end
  local answers = {}
  for _ = 1, #pids do
    local m = receive(tuple("done", ANY, ANY, ANY), ms)
    if m == nil then return nil, (#pids - #answers) .. " of " .. #pids .. " processes did not finish within " .. ms .. " ms" end
    local r = m[4]
    if m[3] then r = r.v end               -- the result (maybe nil), else why
    answers[#answers + 1] = {node = tags[m[2]], ok = m[3], r = r}
  end
  return answers
end

return {
  title = "a distributed counter",
  hint = {"One server holds the count, and the whole cluster reaches it by one global name.",
          "server.start with {global = \"counter\"}; server.cast and server.call to {global = \"counter\"}."},
  cluster = {peers = 2},
  timeout = 1500,
  checks = {
    {
      name = "counter_start() on a node starts the counter there, named counter in the whole cluster",
      hint = {"A name registered with register() is known on its own node only: which registry do the other nodes look in?",
              "Elixir's name: {:global, name} is server.start's {global = name} option.",
              "server.start(callbacks, 0, {global = \"counter\"}) returns the pid"},
      run = function(k)
        mesh(k)
        local pid = k.on(k.node(1), "counter_start")
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        if node_of(pid) ~= k.node(1) then return false, "a pid of " .. k.node(1), k.show(pid) end
        local seen = rpc.call(k.node(2), where_is)
        if seen ~= pid then return false, "the other node finds it by its global name counter", k.show(seen) end
        return true
      end,
    },
    {
      name = "a second counter_start(), on another node, gets nil: the name is taken",
      hint = {"Can the same global name be registered twice? What does server.start say when it is taken?",
              "return what server.start returns: nil and why when the name is taken"},
      run = function(k)
        local first = global.whereis_name("counter")
        if first == nil then return false, "a counter running (see the first check)", "none" end
        local pid = k.on(k.node(2), "counter_start")
        if pid ~= nil then return false, "nil", k.show(pid) end
        if global.whereis_name("counter") ~= first then
          return false, "the first counter keeps the name", k.show(global.whereis_name("counter"))
        end
        return true
      end,
    },
    {
      name = "counter_get() answers 0 before any increment, from any node",
      hint = {"Is what you use to reach the counter known on every node? A variable set on one node is not set on the others; the global name is.",
              "server.call({global = \"counter\"}, atom.get); handle_call answers the count and keeps it"},
      run = function(k)
        local a, b = k.on(k.node(2), "counter_get"), k.call("counter_get")
        if a ~= 0 then return false, "0 on " .. k.node(2), k.show(a) end
        return k.same(b, 0)
      end,
    },
    {
      name = "two counter_increment() from two nodes make counter_get() answer 2",
      hint = {"Where is the count kept: in one server that every node reaches, or on each node?",
              "server.cast({global = \"counter\"}, atom.increment); handle_cast returns count + 1"},
      run = function(k)
        k.on(k.node(2), "counter_increment")
        k.call("counter_increment")
        return k.same(get_until(k, k.node(1), 2), 2)
      end,
    },
    {
      name = "300 counter_increment() at once, from 15 processes on three nodes, lose none",
      hint = {"Is your increment one message that the server handles, or a read then a write from the caller? Between the two, other callers read the same count.",
              "Only the server changes the count: send it the increment itself (a cast or a call) and let handle_cast/handle_call add 1 to its state.",
              "counter_increment is server.cast({global = \"counter\"}, atom.increment), and handle_cast returns count + 1"},
      timeout = 3000,
      run = function(k)
        local before = k.call("counter_get")
        if type(before) ~= "number" then return false, "a count", k.show(before) end
        local answers, why = race(k, 5, "counter_increment", 20, "counter_get", 2500)
        if not answers then return false, "every process done", why end
        for _, a in ipairs(answers) do
          if not a.ok then return false, "counter_increment to work on " .. a.node, "an error: " .. a.r end
        end
        return k.same(k.call("counter_get"), before + 300)
      end,
    },
    {
      name = "when the counter crashes, counter_get() fails and its name is gone",
      hint = {"What happens to a call to a process that is gone? GenServer.call exits; a count made up instead hides the crash.",
              "let server.call's error go up: a call to a dead server raises, as GenServer.call exits"},
      run = function(k)
        if kill_counter(k.node(2)) == nil then return false, "a counter running", "none" end
        local ok, err = pcall(k.on, k.node(2), "counter_get")
        if ok then return false, "an error (no process)", "it returned " .. k.show(err) end
        return true
      end,
    },
    {
      name = "counter_start() raced by 9 processes on three nodes after the crash: one starts, and every node finds it",
      hint = {"Between a look (is the name free?) and a registration, another node can register: only one atomic step can decide.",
              "Let server.start register the global name itself, and return what it returns: it is nil for every starter but one.",
              "server.start(callbacks, 0, {global = \"counter\"}), with no whereis_name before it"},
      timeout = 3000,
      run = function(k)
        local answers, why = race(k, 3, "counter_start", 1, nil, 2500)
        if not answers then return false, "every process done", why end
        local winners = {}
        for _, a in ipairs(answers) do
          if not a.ok then return false, "counter_start to return on " .. a.node, "an error: " .. a.r end
          if a.r ~= nil then winners[#winners + 1] = a.r end
        end
        if #winners ~= 1 then
          return false, "one pid, nil for the 8 others", #winners .. " pids: " .. k.show(winners)
        end
        for i = 1, #k.peers do
          local seen = rpc.call(k.node(i), where_is)
          if seen ~= winners[1] then
            return false, k.node(i) .. " finds the winner " .. k.show(winners[1]), k.show(seen)
          end
        end
        return true
      end,
    },
    {
      name = "after the restart, counter_get() on every node reaches the new counter, at 0",
      hint = {"Which counter does each node reach: the one the name holds now, or one it remembered from before the crash?",
              "A pid kept from an earlier lookup is the dead counter's; look the name up at each call.",
              "server.call({global = \"counter\"}, atom.get): the name is resolved at every call"},
      run = function(k)
        if global.whereis_name("counter") == nil then return false, "a counter running (see the check before)", "none" end
        for _, n in ipairs({k.node(1), node.self(), k.node(2)}) do
          local ok, got = pcall(k.on, n, "counter_get")
          if not ok then return false, "0 from " .. n, "an error: " .. tostring(got) end
          if got ~= 0 then return false, "0 from " .. n, k.show(got) end
        end
        return true
      end,
    },
    {
      name = "a counter started again on the node of the one that crashed counts from 0",
      hint = {"Where does your count live: in the server's state, which dies with the process, or in something of the node that outlives it?",
              "Keep the count in the state that init returns and the callbacks hand back: a new server starts from init's argument.",
              "handle_cast(msg, count) returns count + 1; handle_call(req, from, count) returns count, count"},
      run = function(k)
        local n = k.node(1)
        -- kill whatever runs, then: a counter on n, counted to 3, killed
        for round = 1, 2 do
          kill_counter(n)
          local started = k.on(n, "counter_start")
          if typeof(started) ~= "pid" then return false, "a new counter started on " .. n, k.show(started) end
          if round == 2 then break end
          for _ = 1, 3 do k.on(n, "counter_increment") end
          local got = get_until(k, n, 3)
          if got ~= 3 then return false, "3 (a new counter on " .. n .. ", incremented three times)", k.show(got) end
        end
        return k.same(k.on(n, "counter_get"), 0)
      end,
    },
  },
}

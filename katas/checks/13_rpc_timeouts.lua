-- Checks of katas/13_rpc_timeouts.lua (format: katas/README.md).
-- Every node gets a table `work` whose functions count their calls on
-- that node (work_calls there), so a check learns from the node itself
-- how often it was called; answers carry a token only that node has, so
-- an answer made up here fails. Peer 2 is made slow, peer 3 is killed.

-- Put `work` on the node this runs on. It travels to the peers as
-- bytecode: it uses only its arguments and globals.
local function install(token)
  work_calls, work_mode = {}, "ok"
  local function count(f)
    work_calls[f] = (work_calls[f] or 0) + 1
    return work_calls[f]
  end
  work = {
    where = function() count("where"); return node.self() .. "/" .. token end,
    none = function() count("none"); return nil end,
    slow = function(ms) count("slow"); sleep(ms); return "late" end,
    fail = function() count("fail"); error("failed on " .. node.self()) end,
    quit = function() count("quit"); exit("quit") end,
    -- as where, unless this node was made slow or crashing (work_mode)
    status = function()
      count("status")
      if work_mode == "slow" then sleep(2000)
      elseif work_mode == "crash" then error("crashed on " .. node.self()) end
      return node.self() .. "/" .. token
    end,
    -- slower than any limit the checks give for its first two calls
    flaky = function()
      local c = count("flaky")
      if c <= 2 then sleep(1000) end
      return "answer " .. c
    end,
  }
end

local function set_mode(mode) work_mode = mode; work_calls = {} end
local function calls(f) return work_calls[f] or 0 end

local TOKENS = {}

-- install `work` everywhere once (this node too), with a fresh token each
local function setup(k)
  if TOKENS[node.self()] then return end
  math.randomseed(os.time() + _peer.getpid())
  local nodes = {node.self()}
  for i = 1, #k.peers do nodes[#nodes + 1] = k.node(i) end
  for _, n in ipairs(nodes) do
    local token = string.format("%08x", math.random(0, 0x7fffffff))
    if n == node.self() then install(token)
    else rpc.call(n, install, {token}, 1000) end
    TOKENS[n] = token
  end
end

local function mode(n, m)
  if n == node.self() then return set_mode(m) end
  rpc.call(n, set_mode, {m}, 1000)
end

local function calls_on(n, f)
  if n == node.self() then return calls(f) end
  return rpc.call(n, calls, {f}, 1000)
end

local function answer(n) return n .. "/" .. TOKENS[n] end

-- f(...) and whether it took longer than ms: late, {results, n = count}
local function timed(ms, f, ...)
  local ref = make_ref()
  local timer = send_after(ms, self(), tuple("deadline", ref))
  local r = table.pack(f(...))
  local late = receive(tuple("deadline", ref), 0) ~= nil
  if not late then cancel_timer(timer) end
  return late, r
end

-- results r (from timed) as the pair want = {ok, value}; false, want and
-- got as "a, b" otherwise
local function pair(k, r, want)
  local got = {r[1], r[2]}
  if k.same(got, want) then return true end
  return false, k.show(want[1]) .. ", " .. k.show(want[2]), k.show(r[1]) .. ", " .. k.show(r[2])
end

local function nobody()
  return "nobody_" .. _peer.getpid() .. "@" .. node.self():match("@(.*)$")
end

return {
  title = "rpc with timeouts, badrpc and partial success",
  hint = {"A call across nodes can be slow, meet a dead node, or fail there: say which, and never wait for ever.",
          "rpc.call(n, \"work\", fname, args, ms): the value, or nil and tuple(atom.badrpc, reason)"},
  cluster = {peers = 3},
  timeout = 1500,
  checks = {
    {
      name = "safe_call returns true and the value that node n computed there",
      hint = {"The work must run on n, not here: call it there, with a time limit.",
              "rpc.call(n, \"work\", fname, args, ms) runs work[fname] on n and returns its value",
              "local v, bad = rpc.call(n, \"work\", fname, args, ms); with no bad, return true, v"},
      run = function(k)
        setup(k)
        local _, r = timed(1000, k.call, "safe_call", k.node(1), "where", {}, 1000)
        return pair(k, r, {true, answer(k.node(1))})
      end,
    },
    {
      name = "safe_call: a function that returns nil there is a success: true, nil",
      hint = {"nil is a value a function may return; a failure is told apart some other way.",
              "rpc.call gives a second result, the badrpc, only when the call failed",
              "decide on the second result: no badrpc means true and the value, nil or not"},
      run = function(k)
        setup(k)
        mode(k.node(1), "ok")
        local _, r = timed(1000, k.call, "safe_call", k.node(1), "none", {}, 1000)
        if r[1] ~= true then
          return false, "true, nil (work.none ran on n and returned nil)", k.show(r[1]) .. ", " .. k.show(r[2])
        end
        if calls_on(k.node(1), "none") ~= 1 then
          return false, "work.none called once on " .. k.node(1), "called there " .. k.show(calls_on(k.node(1), "none")) .. " times"
        end
        return pair(k, r, {true, nil})
      end,
    },
    {
      name = "safe_call gives up after ms when n is slow: false, \"timeout\"",
      hint = {"Pitfall 6: a call across nodes waits for ever unless you give it a limit.",
              "pass ms as rpc.call's fifth argument; when it runs out, the badrpc's reason is atom.timeout",
              "bad[2] == atom.timeout -> return false, \"timeout\" (the work goes on there; only the caller stops waiting)"},
      run = function(k)
        setup(k)
        local late, r = timed(900, k.call, "safe_call", k.node(1), "slow", {3000}, 150)
        if late then return false, "an answer about 150 ms later", "none within 900 ms" end
        return pair(k, r, {false, "timeout"})
      end,
    },
    {
      name = "safe_call to a node that is down: false, \"nodedown\", at once",
      hint = {"A dead node answers nothing: rpc tells you at once, and it is not a timeout.",
              "a node no one runs, and a node killed in the middle of the call, both give the reason atom.nodedown",
              "bad[2] == atom.nodedown -> return false, \"nodedown\""},
      run = function(k)
        setup(k)
        local late, r = timed(900, k.call, "safe_call", nobody(), "where", {}, 3000)
        if late then return false, "an answer at once for a node no one runs", "none within 900 ms" end
        local ok, want, got = pair(k, r, {false, "nodedown"})
        if not ok then return false, "for a node no one runs: " .. want, got end
        -- peer 3 is killed while the call runs there
        local victim = k.peers[3]
        spawn(function() sleep(50); peer.kill(victim) end)
        late, r = timed(1200, k.call, "safe_call", k.node(3), "slow", {3000}, 2000)
        if late then return false, "an answer as soon as the node died", "none within 1200 ms" end
        ok, want, got = pair(k, r, {false, "nodedown"})
        if not ok then return false, "for a node killed during the call: " .. want, got end
        return true
      end,
    },
    {
      name = "safe_call: an error or an exit there is false, \"crashed\"",
      hint = {"The node is up and answered: the function itself failed there. That is neither a timeout nor a nodedown.",
              "the badrpc's reason is then a tuple: tuple(atom.EXIT, why)",
              "typeof(bad[2]) == \"tuple\" and bad[2][1] == atom.EXIT -> return false, \"crashed\""},
      run = function(k)
        setup(k)
        for _, f in ipairs({"fail", "quit"}) do
          local _, r = timed(1000, k.call, "safe_call", k.node(1), f, {}, 1000)
          local ok, want, got = pair(k, r, {false, "crashed"})
          if not ok then return false, "for work." .. f .. ": " .. want, got end
        end
        return true
      end,
    },
    {
      name = "gather maps each node that answered to its own answer",
      hint = {"One multicall, then put each result beside the node it came from.",
              "rpc.multicall(nodes, \"work\", fname, args, ms) returns results and bad_nodes",
              "walk nodes in order, skip those in bad_nodes: the next result is that node's"},
      run = function(k)
        setup(k)
        local nodes = {k.node(1), node.self(), k.node(2)}
        for _, n in ipairs(nodes) do mode(n, "ok") end
        local late, r = timed(1200, k.call, "gather", nodes, "status", {}, 500)
        if late then return false, "answers within 500 ms", "none within 1200 ms" end
        local want = {}
        for _, n in ipairs(nodes) do want[n] = answer(n) end
        local ok, w, g = k.same(r[1], want)
        if not ok then return false, "answers " .. w, g end
        ok, w, g = k.same(r[2], {})
        if not ok then return false, "no failed nodes: " .. w, g end
        return true
      end,
    },
    {
      name = "gather lists the nodes that are down, too slow, or crashed, and keeps the others' answers",
      hint = {"Partial success: some nodes answer, some do not, and both are your result.",
              "bad_nodes has the down and the slow ones; a call that failed there is a tuple(atom.badrpc, ...) among the results",
              "a result that is a badrpc goes to the failed list, not the answers; sort the failed list"},
      run = function(k)
        setup(k)
        mode(node.self(), "crash")
        mode(k.node(2), "slow")
        mode(k.node(1), "ok")
        local dead = nobody()
        local late, r = timed(1200, k.call, "gather", {node.self(), dead, k.node(2), k.node(1)}, "status", {}, 250)
        mode(node.self(), "ok")
        if late then return false, "an answer within about 250 ms", "none within 1200 ms" end
        local ok, w, g = k.same(r[1], {[k.node(1)] = answer(k.node(1))})
        if not ok then return false, "answers " .. w, g end
        local failed = {node.self(), dead, k.node(2)}
        table.sort(failed)
        ok, w, g = k.same(r[2], failed)
        if not ok then return false, "failed " .. w, g end
        return true
      end,
    },
    {
      name = "call_retry tries again after each timeout, and stops at the first answer",
      hint = {"A timeout may be passing: try again, a bounded number of times.",
              "loop up to tries times over safe_call; stop when it returns true",
              "only \"timeout\" and \"nodedown\" are worth another try"},
      run = function(k)
        setup(k)
        mode(k.node(1), "ok")
        local late, r = timed(1300, k.call, "call_retry", k.node(1), "flaky", {}, 150, 5)
        if late then return false, "an answer at the third try, about 300 ms later", "none within 1300 ms" end
        local ok, w, g = pair(k, r, {true, "answer 3"})
        if not ok then return false, w .. " (the first two tries are slower than ms)", g end
        local n = calls_on(k.node(1), "flaky")
        if n ~= 3 then return false, "work.flaky called 3 times on " .. k.node(1), "called there " .. k.show(n) .. " times" end
        return true
      end,
    },
    {
      name = "call_retry gives up after tries attempts: false and the last reason",
      hint = {"Retrying for ever is hanging by another name: stop after tries attempts.",
              "count the attempts; after the last one return what it said",
              "for i = 1, tries do ... end, then return false and the last reason"},
      run = function(k)
        setup(k)
        local late, r = timed(900, k.call, "call_retry", nobody(), "where", {}, 200, 3)
        if late then return false, "false, \"nodedown\" soon after 3 attempts", "no answer within 900 ms" end
        local ok, w, g = pair(k, r, {false, "nodedown"})
        if not ok then return false, "for a node no one runs: " .. w, g end
        mode(k.node(2), "ok")
        late, r = timed(1000, k.call, "call_retry", k.node(2), "slow", {2000}, 120, 2)
        if late then return false, "false, \"timeout\" after 2 tries of 120 ms", "no answer within 1000 ms" end
        ok, w, g = pair(k, r, {false, "timeout"})
        if not ok then return false, "for a slow node: " .. w, g end
        local n = calls_on(k.node(2), "slow")
        if n ~= 2 then return false, "work.slow called 2 times on " .. k.node(2) .. " (tries = 2)", "called there " .. k.show(n) .. " times" end
        return true
      end,
    },
    {
      name = "call_retry does not retry a crash: false, \"crashed\" after one call",
      hint = {"An error there is not passing: the same call fails the same way again.",
              "retry on \"timeout\" and \"nodedown\" only",
              "when safe_call says \"crashed\", return at once"},
      run = function(k)
        setup(k)
        mode(k.node(1), "ok")
        local _, r = timed(1000, k.call, "call_retry", k.node(1), "fail", {}, 300, 4)
        local ok, w, g = pair(k, r, {false, "crashed"})
        if not ok then return false, w, g end
        local n = calls_on(k.node(1), "fail")
        if n ~= 1 then return false, "work.fail called once on " .. k.node(1), "called there " .. k.show(n) .. " times" end
        return true
      end,
    },
  },
}

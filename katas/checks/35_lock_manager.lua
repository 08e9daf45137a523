-- Checks of katas/35_lock_manager.lua (format: katas/README.md). The
-- misconceptions they catch: a with_lock that runs fun without the lock
-- (acquire timed out), a lock set on this node only, a lock whose
-- requester is the node (so every process of a node holds it at once), a
-- release before fun is done, and a lock never released when fun raises.
-- Processes on the peers contend for the locks, so each of those lets two
-- critical sections overlap, and the checks see it.

local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

-- A process on node n that loads the kata (file), runs body(...) and
-- stays until killed; the learner's functions are globals there.
-- (It travels to n: only arguments and globals.)
local function on_node(n, file, body, ...)
  return node.spawn(n, function(file, body, ...)
    if _kata_loaded ~= file then dofile(file); _kata_loaded = file end
    body(...)
    receive()
  end, file, body, ...)
end

-- Whether a fresh process here can take the lock on resource at once.
local function free_here(resource)
  local me = self()
  spawn(function()
    local r = acquire(resource, 0)
    if r and r[1] == atom.ok then release(r[2]) end
    send(me, tuple("free?", r ~= nil and r[1] == atom.ok))
  end)
  local m = receive(tuple("free?", ANY), 1000)
  return m ~= nil and m[2]
end

-- Whether node n itself holds a lock on resource for someone: a process
-- there cannot set one on n alone (global's lock table of that node).
local function locked_on(n, resource)
  return rpc.call(n, function(r)
    local id = tuple(r, self())
    local got = global.set_lock(id, {node.self()}, 0)
    if got then global.del_lock(id, {node.self()}) end
    return not got
  end, {resource}, 1000) == true
end

-- Peer 1 holds resource (a process there acquired it); its pid, or nil
-- and why.
local function held_on_peer(k, resource)
  local holder = on_node(k.node(1), k.file, function(parent, resource)
    send(parent, tuple("holding", acquire(resource, 0) or false))
  end, self(), resource)
  local h = receive(tuple("holding", ANY), 1000)
  if h and typeof(h[2]) == "tuple" and h[2][1] == atom.ok then return holder end
  exit(holder, "kill")
  return nil, k.show(h and h[2])
end

-- A shared account on this node. A critical section asks it for the value
-- ("enter"), waits a moment, and writes value + 1 back ("leave"); the
-- account counts how many sections are inside at once. Without the lock,
-- two sections overlap (most > 1) and one's write undoes the other's.
local function account()
  local value, inside, most = 0, 0, 0
  while true do
    local m = receive()
    if m[1] == "enter" then
      inside = inside + 1
      if inside > most then most = inside end
      send(m[2], tuple("value", value))
    elseif m[1] == "leave" then
      value, inside = m[3], inside - 1
      send(m[2], "left")
    elseif m[1] == "report" then
      send(m[2], tuple("report", value, most))
    end
  end
end

-- One depositor (on any node): rounds with_lock calls, each a
-- read-modify-write of the account; then it tells parent what with_lock
-- returned each time.
local function depositor(parent, acct, rounds)
  local results = {}
  for i = 1, rounds do
    results[i] = with_lock("account", function()
      send(acct, tuple("enter", self()))
      local v = receive(tuple("value", ANY))[2]
      send(acct, tuple("leave", self(), v + 1))
      receive("left")
      return "deposited"
    end)
  end
  send(parent, tuple("depositor done", results))
end

return {
  title = "a lock manager (Exercise 3)",
  hint = "global.set_lock(tuple(resource, self()), {node.self(), table.unpack(node.list())}, retries) is true once every node granted it.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "acquire(resource) on a free lock: {:ok, {resource, self()}}; release frees it",
      hint = {"a lock id names the resource and who asks for it (the process); every node of the cluster grants it, this one too",
              "lock_id = tuple(resource, self()); set it on node.self() and every node of node.list(), then return tuple(atom.ok, lock_id)",
              "global.set_lock(lock_id, {node.self(), table.unpack(node.list())}, retries) is true or false; release: global.del_lock(lock_id, the same nodes)"},
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        local r = k.call("acquire", "db", 0)
        local ok, e, g = k.same(r, tuple(atom.ok, tuple("db", self())))
        if not ok then return ok, e, g end
        if free_here("db") then return false, "the lock held until release", "another process took it" end
        for _, n in ipairs({node.self(), k.node(1), k.node(2)}) do
          if not locked_on(n, "db") then
            k.call("release", r[2])
            return false, "the lock set on every node, this one and node.list()'s", "not on " .. n
          end
        end
        k.call("release", r[2])
        if not free_here("db") then return false, "the lock free after release", "it was still held" end
        return true
      end,
    },
    {
      name = "acquire on a lock held on another node: {:error, :timeout} after the retries",
      hint = {"a lock held elsewhere is refused: set_lock gives up after its retries",
              "set_lock returns false after retries more tries: return tuple(atom.error, atom.timeout)"},
      run = function(k)
        local holder, why = held_on_peer(k, "db")
        if not holder then return false, "peer 1 holding the lock", why end
        local got = k.call("acquire", "db", 2)
        exit(holder, "kill")
        return k.same(got, tuple(atom.error, atom.timeout))
      end,
    },
    {
      name = "with_lock on a lock held on another node: {:error, :timeout}, and fun never runs",
      hint = {"acquire can fail: what must with_lock do when it did not get the lock?",
              "the critical section runs only under the lock: look at what acquire returned first",
              "when acquire's result is not tuple(atom.ok, lock_id), return that error tuple and do not call fun"},
      run = function(k)
        local holder, why = held_on_peer(k, "db")
        if not holder then return false, "peer 1 holding the lock", why end
        local me = self()
        local ok, got = pcall(k.call, "with_lock", "db", function() send(me, "ran"); return "ran" end, 2)
        exit(holder, "kill")
        if receive("ran", 0) then
          return false, "fun not run while peer 1 holds the lock", "fun ran (with_lock returned " .. k.show(got) .. ")"
        end
        if not ok then return false, "{:error, :timeout}", "an error: " .. k.show(got) end
        return k.same(got, tuple(atom.error, atom.timeout))
      end,
    },
    {
      name = "with_lock on two nodes at once: one runs after the other, never both",
      hint = {"a cluster-wide lock must be granted by every node, not only by yours",
              "with_lock = acquire (retries nil: wait for it), run fun, release, return fun's result",
              "set the lock on node.self() and every node of node.list(); local ok, v = pcall(fun); release(lock_id); return v"},
      timeout = 2500,
      run = function(k)
        local me = self()
        local body = function(parent, who)
          local v = with_lock("table", function()
            send(parent, tuple("in", who)); sleep(80); send(parent, tuple("out", who))
            return "done by " .. who
          end)
          send(parent, tuple("result", who, v))
        end
        local a = on_node(k.node(1), k.file, body, me, "peer 1")
        local b = on_node(k.node(2), k.file, body, me, "peer 2")
        local events = {}
        for _ = 1, 6 do
          local m = receive(function(m) return typeof(m) == "tuple" and (m[1] == "in" or m[1] == "out" or m[1] == "result") end, 1500)
          if m == nil then break end
          if m[1] == "result" then
            if m[3] ~= "done by " .. m[2] then exit(a, "kill"); exit(b, "kill"); return false, "with_lock returns fun's result", k.show(m[3]) end
          else events[#events + 1] = m[1] .. " " .. m[2] end
        end
        exit(a, "kill"); exit(b, "kill")
        local order = table.concat(events, ", ")
        if #events ~= 4 or not order:match("^in (peer %d), out %1, in (peer %d), out %2$") then
          return false, "in A, out A, in B, out B", order
        end
        return true
      end,
    },
    {
      name = "150 with_lock deposits from 30 processes on three nodes: none lost, never two inside",
      hint = {"the lock belongs to a process, not to a node: two processes of one node must not both hold it",
              "the requester in the lock id is self(): a lock id with node.self() in it lets every process of that node in at once",
              "lock_id = tuple(resource, self()); set it on every node; release it only after fun has returned"},
      timeout = 3000,
      run = function(k)
        local acct = spawn(account)
        local workers, per_node, rounds = {}, 10, 5
        for _ = 1, per_node do
          workers[#workers + 1] = on_node(k.node(1), k.file, depositor, self(), acct, rounds)
          workers[#workers + 1] = on_node(k.node(2), k.file, depositor, self(), acct, rounds)
          workers[#workers + 1] = spawn(depositor, self(), acct, rounds)
        end
        local finished, wrong = 0, nil
        for _ = 1, #workers do
          local m = receive(tuple("depositor done", ANY), 2500)
          if m == nil then break end
          finished = finished + 1
          for _, r in ipairs(m[2]) do if r ~= "deposited" then wrong = r end end
        end
        for _, w in ipairs(workers) do exit(w, "kill") end
        send(acct, tuple("report", self()))
        local rep = receive(tuple("report", ANY, ANY), 1000)
        exit(acct, "kill")
        local want = #workers * rounds
        if rep[3] > 1 then
          return false, "one critical section at a time", rep[3] .. " inside at once (" .. rep[2] .. " of " .. want .. " deposits kept)"
        end
        if finished < #workers then return false, "all 30 processes done within 2.5 s", finished .. " done" end
        if wrong ~= nil then return false, "with_lock returns fun's result, \"deposited\"", k.show(wrong) end
        return k.same(rep[2], want)
      end,
    },
    {
      name = "a holder that dies frees the lock: the waiting with_lock runs",
      hint = {"nothing new to write: what happens to a lock whose holder dies?",
              "global frees a dead holder's lock; with_lock with retries nil waits for it"},
      timeout = 2500,
      run = function(k)
        local holder, why = held_on_peer(k, "printer")
        if not holder then return false, "peer 1 holding the lock", why end
        local waiter = on_node(k.node(2), k.file, function(parent)
          send(parent, tuple("waited", with_lock("printer", function() return "after the holder" end)))
        end, self())
        local early = receive(tuple("waited", ANY), 200)
        if early then exit(waiter, "kill"); exit(holder, "kill"); return false, "the waiter waits while the lock is held", "it ran: " .. k.show(early[2]) end
        exit(holder, "kill")
        local m = receive(tuple("waited", ANY), 1500)
        exit(waiter, "kill")
        if m == nil then return false, "the waiter runs once the holder is killed", "it still waits" end
        return k.same(m[2], "after the holder")
      end,
    },
    {
      name = "with_lock releases the lock when fun raises, and raises the error again",
      hint = {"an error in the critical section must not leave the lock taken (Elixir's try ... after)",
              "catch fun's error with pcall, release, then raise it again",
              "local ok, v = pcall(fun); release(lock_id); if not ok then error(v, 0) end; return v"},
      run = function(k)
        local ok, err = pcall(k.call, "with_lock", "disk", function() error("boom", 0) end, 0)
        if ok then return false, "with_lock raises fun's error", "it returned " .. k.show(err) end
        if not tostring(err):find("boom", 1, true) then return false, "the error boom", k.show(err) end
        if not free_here("disk") then return false, "the lock free after the error", "it was still held" end
        -- and on the other nodes: a process there can take it at once
        local me = self()
        local p = on_node(k.node(2), k.file, function(parent)
          local r = acquire("disk", 5)
          send(parent, tuple("peer took it", r ~= nil and r[1] == atom.ok))
        end, me)
        local m = receive(tuple("peer took it", ANY), 1000)
        exit(p, "kill")
        if not (m and m[2]) then return false, "peer 2 can take the lock after the error", "it was still held there" end
        return true
      end,
    },
  },
}

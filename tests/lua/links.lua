-- links.lua: links and exit signals, the BEAM's rules. Normal exits do not
-- propagate; abnormal ones kill linked processes that do not trap exits and
-- become tuple(:EXIT, pid, reason) messages for those that do; kill cannot
-- be trapped (and becomes killed for the linked); exit(pid, "normal") is
-- ignored unless trapped; exit(self(), "normal") ends the caller; unlink
-- stops propagation; link to a dead pid gives noproc; spawn_link; chains
-- of links; crash reports (checked on a child node's output).
local t = dofile("tests/lib/tap.lua")
local me = self()
local A, T = atom, tuple

-- An agent does what it is told and reports: a table {op = ...} is a
-- command (answered with tuple(:done, agent, op)), anything else is
-- forwarded to the parent as tuple(:got, agent, msg) - so EXIT messages of a
-- trapping agent come to us.
local function agent(parent, trap)
  if trap then trap_exit(true) end
  send(parent, T(A.ready, self()))
  while true do
    local m = receive()
    if type(m) == "table" and m.op then
      local op = m.op
      if op == "link" then link(m.pid)
      elseif op == "unlink" then unlink(m.pid)
      elseif op == "error" then error(m.reason, 0)
      elseif op == "exit" then exit(m.reason)
      elseif op == "exit_to" then exit(m.pid, m.reason)
      elseif op == "return" then return
      elseif op == "spawn_link" then
        local child = spawn_link(function(r) sleep(10); error(r, 0) end, m.reason)
        send(parent, T(A.child, self(), child))
      elseif op == "exit_self" then
        exit(self(), m.reason)
        send(parent, T(A.still_running, self()))
      elseif op == "kill_self_in_pcall" then
        pcall(exit, self(), "kill")
        send(parent, T(A.still_running, self()))
      elseif op == "receive_in_pcall" then
        send(parent, T(A.done, self(), op))
        pcall(receive)
        send(parent, T(A.still_running, self()))
      end
      send(parent, T(A.done, self(), op))
    else
      send(parent, T(A.got, self(), m))
    end
  end
end

-- Starts an agent we monitor: returns pid, monitor ref, once it is ready
-- (trapping exits if trap).
local function start(trap)
  local a, ref = spawn_monitor(agent, me, trap)
  receive(T(A.ready, a), 2000)
  return a, ref
end

-- Tells agent a to do op and waits until it did (or died).
local function tell(a, cmd)
  send(a, cmd)
  return receive(when(T(A.done, a, cmd.op), function() return true end),
                 when(T(A.DOWN, ANY, ANY, a, ANY), function(m)
                   send(me, m)      -- keep the DOWN for fate()
                   return false
                 end),
                 after(2000, function() return nil end))
end

-- "alive" if agent a answers a ping, else its exit reason (from the DOWN of
-- monitor ref), or "timeout". A process doomed by a signal dies before it
-- can answer, so this waits for the signal's effect, not for a time.
local function fate(a, ref)
  send(a, A.ping)
  return receive(when(T(A.got, a, A.ping), function() return "alive" end),
                 when(T(A.DOWN, ref, ANY, ANY, ANY), function(m) return m[5] end),
                 after(3000, function() return "timeout" end))
end

-- Waits for agent a to have forwarded a message matching pat.
local function got(a, pat)
  local m = receive(T(A.got, a, pat), 2000)
  return m and m[3]
end

local function down(ref)
  local m = receive(T(A.DOWN, ref, ANY, ANY, ANY), 3000)
  return m and m[5]
end

local function stop(...)
  for _, a in ipairs({...}) do exit(a, "kill") end
end

---------------------------------------------------------------- normal exits
do
  local a, ra = start(false)
  local b, rb = start(false)
  tell(a, {op = "link", pid = b})
  tell(b, {op = "return"})
  t.is(down(rb), A.normal, "an agent that returns exits with :normal")
  t.is(fate(a, ra), "alive", "a normal exit does not kill a linked process")
  local c, rc = start(false)
  tell(a, {op = "link", pid = c})
  tell(c, {op = "exit", reason = "normal"})
  t.is(down(rc), A.normal, "exit(\"normal\") exits with :normal")
  t.is(fate(a, ra), "alive", "exit(\"normal\") does not kill a linked process")
  local tr, rtr = start(true)
  local d, rd = start(false)
  tell(tr, {op = "link", pid = d})
  tell(d, {op = "return"})
  down(rd)
  t.is(got(tr, T(A.EXIT, ANY, ANY)), T(A.EXIT, d, A.normal),
       "a trapping process gets {:EXIT, pid, :normal} for a normal exit")
  stop(a, tr)
end

---------------------------------------------------------------- abnormal exits
do
  local a, ra = start(false)
  local b, rb = start(false)
  tell(a, {op = "link", pid = b})
  tell(b, {op = "error", reason = "boom"})
  t.is(down(rb), "boom", "a Lua error's message is the exit reason")
  t.is(fate(a, ra), "boom", "an error exit kills a linked process, with the same reason")

  local tr, rtr = start(true)
  local c, rc = start(false)
  tell(tr, {op = "link", pid = c})
  tell(c, {op = "error", reason = "bang"})
  t.is(got(tr, T(A.EXIT, ANY, ANY)), T(A.EXIT, c, "bang"),
       "a trapping process gets {:EXIT, pid, reason} instead")
  t.is(fate(tr, rtr), "alive", "and lives on")

  local d, rd = start(false)
  local e, re = start(false)
  tell(d, {op = "link", pid = e})
  tell(e, {op = "exit", reason = "shutdown"})
  t.is(down(re), A.shutdown, "exit(\"shutdown\") exits with :shutdown")
  t.is(fate(d, rd), A.shutdown, ":shutdown kills a linked process that does not trap")

  local f, rf = start(false)
  local g, rg = start(false)
  tell(f, {op = "link", pid = g})
  tell(f, {op = "error", reason = "from the linker"})
  t.is(fate(g, rg), "from the linker", "links work both ways: the linker's crash kills the linked")

  -- exit(reason) with reason kill: the linked get :kill, which they can trap
  local h, rh = start(false)
  local w1, rw1 = start(true)
  local w2, rw2 = start(false)
  tell(w1, {op = "link", pid = h})
  tell(w2, {op = "link", pid = h})
  tell(h, {op = "exit", reason = "kill"})
  t.is(down(rh), A.kill, "exit(\"kill\") of oneself exits with :kill")
  t.is(got(w1, T(A.EXIT, ANY, ANY)), T(A.EXIT, h, A.kill),
       "a trapping linked process gets {:EXIT, pid, :kill} (kill is only untrappable from exit/2)")
  t.is(fate(w1, rw1), "alive", "and lives on")
  t.is(fate(w2, rw2), A.kill, "a non-trapping linked process dies with :kill")
  stop(tr, w1)
end

---------------------------------------------------------------- exit(pid, "kill")
do
  local a, ra = start(true)
  local wt, rwt = start(true)
  local wn, rwn = start(false)
  tell(wt, {op = "link", pid = a})
  tell(wn, {op = "link", pid = a})
  exit(a, "kill")
  t.is(down(ra), A.killed, "exit(pid, \"kill\") kills even a trapping process, reason :killed")
  t.is(got(wt, T(A.EXIT, ANY, ANY)), T(A.EXIT, a, A.killed),
       "a trapping linked process gets {:EXIT, pid, :killed}")
  t.is(fate(wn, rwn), A.killed, "a non-trapping linked process dies with :killed")
  t.is(fate(wt, rwt), "alive", "the trapping one lives")

  local b, rb = start(false)
  tell(b, {op = "exit_to", pid = b, reason = "kill"})
  t.is(down(rb), A.killed, "exit(self(), \"kill\") kills the caller with :killed")

  local c, rc = start(true)
  tell(c, {op = "kill_self_in_pcall"})
  t.is(down(rc), A.killed, "exit(self(), \"kill\") inside pcall: the process dies, :killed")
  t.is(receive(T(A.still_running, c), 0), nil, "and runs no code after the pcall")
  stop(wt)
end

---------------------------------------------------------------- exit(pid, "normal")
do
  local a, ra = start(false)
  exit(a, "normal")
  t.is(fate(a, ra), "alive", "exit(pid, \"normal\") is ignored by a non-trapping process")
  local b, rb = start(true)
  exit(b, "normal")
  t.is(got(b, T(A.EXIT, ANY, ANY)), T(A.EXIT, me, A.normal),
       "a trapping process gets exit(pid, \"normal\") as {:EXIT, sender, :normal}")
  t.is(fate(b, rb), "alive", "and lives on")
  exit(b, "shutdown")
  t.is(got(b, T(A.EXIT, ANY, ANY)), T(A.EXIT, me, A.shutdown),
       "a trapping process gets exit(pid, \"shutdown\") as a message")
  local c, rc = start(false)
  exit(c, "shutdown")
  t.is(fate(c, rc), A.shutdown, "exit(pid, \"shutdown\") kills a non-trapping process")
  local d, rd = start(false)
  exit(d, {why = "custom"})
  t.is(fate(d, rd), {why = "custom"}, "any value can be an exit reason")

  local e, re = start(false)
  tell(e, {op = "exit_self", reason = "normal"})
  t.is(down(re), A.normal, "exit(self(), \"normal\") ends the caller with :normal")
  t.is(receive(T(A.still_running, e), 0), nil, "the caller runs no further")
  local f, rf = start(true)
  tell(f, {op = "exit_self", reason = "normal"})
  t.is(got(f, T(A.EXIT, ANY, ANY)), T(A.EXIT, f, A.normal),
       "a trapping process's exit(self(), \"normal\") becomes a message to itself")
  t.is(fate(f, rf), "alive", "and it lives on")
  receive(T(A.still_running, f), 0)
  t.lives(function() exit(e, "kill") end, "exit(dead pid, \"kill\") raises nothing")
  t.is(exit(e, "shutdown"), true, "exit(pid, reason) returns true")
  stop(f)
  stop(a, b)
end

---------------------------------------------------------------- pcall
do
  local a, ra = start(false)
  local b, rb = start(false)
  tell(a, {op = "link", pid = b})
  tell(a, {op = "receive_in_pcall"})
  tell(b, {op = "error", reason = "crash"})
  t.is(down(ra), "crash", "a process blocked in pcall(receive) still dies from a linked crash")
  t.is(receive(T(A.still_running, a), 0), nil, "pcall does not catch an exit signal")
end

---------------------------------------------------------------- unlink
do
  t.is(link(me), true, "link(self()) returns true")
  t.is(process_info(me).links, {}, "and makes no link")
  local x, rx = start(false)
  t.is(unlink(x), true, "unlink of a pid we are not linked to returns true")
  t.is(fate(x, rx), "alive", "and does nothing to it")
  stop(x)

  local a, ra = start(false)
  local b, rb = start(false)
  tell(a, {op = "link", pid = b})
  tell(a, {op = "unlink", pid = b})
  tell(b, {op = "error", reason = "boom"})
  down(rb)
  t.is(fate(a, ra), "alive", "after unlink, a crash does not propagate")

  local c, rc = start(false)
  tell(a, {op = "link", pid = c})
  tell(c, {op = "unlink", pid = a})
  tell(c, {op = "error", reason = "boom"})
  down(rc)
  t.is(fate(a, ra), "alive", "unlink from the other side removes the link too")

  local d, rd = start(false)
  tell(d, {op = "link", pid = a})
  tell(d, {op = "link", pid = a})   -- linking twice is one link
  tell(d, {op = "unlink", pid = a})
  tell(d, {op = "error", reason = "boom"})
  down(rd)
  t.is(fate(a, ra), "alive", "two links between a pair are one: one unlink removes it")
  stop(a)
end

---------------------------------------------------------------- dead pids
do
  local dead, rdead = start(false)
  tell(dead, {op = "return"})
  down(rdead)
  local a, ra = start(true)
  tell(a, {op = "link", pid = dead})
  t.is(got(a, T(A.EXIT, ANY, ANY)), T(A.EXIT, dead, A.noproc),
       "a trapping process linking to a dead pid gets {:EXIT, pid, :noproc}")
  t.is(fate(a, ra), "alive", "and lives on")
  local b, rb = start(false)
  tell(b, {op = "link", pid = dead})
  t.is(fate(b, rb), A.noproc, "a non-trapping process linking to a dead pid dies with :noproc")
  stop(a)
end

---------------------------------------------------------------- spawn_link
do
  local a, ra = start(false)
  tell(a, {op = "spawn_link", reason = "child died"})
  local child = receive(T(A.child, a, ANY), 2000)
  down(monitor(child[3]))
  t.is(fate(a, ra), "child died", "spawn_link: the child's crash kills the parent")
  local b, rb = start(true)
  tell(b, {op = "spawn_link", reason = "child died"})
  local m = got(b, T(A.EXIT, ANY, ANY))
  t.is(m and m[3], "child died", "spawn_link: a trapping parent gets the child's EXIT")
  t.is(m and typeof(m[2]), "pid", "with the child's pid")
  stop(b)

  -- the link exists before the child runs a single instruction
  trap_exit(true)
  local c = spawn_link(function() error("at once", 0) end)
  t.is(receive(T(A.EXIT, c, ANY), 2000), T(A.EXIT, c, "at once"),
       "a child that crashes at once is linked already")
  t.is(trap_exit(false), true, "trap_exit returns the old setting (true)")
  t.is(trap_exit(false), false, "trap_exit returns the old setting (false)")
end

---------------------------------------------------------------- chains
do
  local N = 50
  local agents, refs = {}, {}
  for i = 1, N do agents[i], refs[i] = start(false) end
  for i = 2, N do tell(agents[i], {op = "link", pid = agents[i - 1]}) end
  tell(agents[N], {op = "error", reason = "end of the chain"})
  local bad
  for i = 1, N do
    local r = down(refs[i])
    if r ~= "end of the chain" then bad = bad or {i, r} end
  end
  t.is(bad, nil, ("a crash at one end of a chain of %d linked processes kills them all"):format(N))

  local x, rx = start(false)
  local y, ry = start(true)   -- traps: the chain stops here
  local z, rz = start(false)
  tell(x, {op = "link", pid = y})
  tell(y, {op = "link", pid = z})
  tell(z, {op = "error", reason = "stop at y"})
  t.is(got(y, T(A.EXIT, ANY, ANY)), T(A.EXIT, z, "stop at y"), "a trapping process in a chain gets the EXIT")
  t.is(fate(x, rx), "alive", "and the signal goes no further")
  stop(x, y)
end

---------------------------------------------------------------- crash reports
do
  local out, status = t.run_child([[
    spawn(function() error("kaboom in child", 0) end)
    spawn(function() exit("shutdown") end)
    spawn(function() end)
  ]])
  t.has(out, "kaboom in child", "a crash prints a report with the error")
  t.has(out, "crashed", "saying the process crashed")
  t.ok(not out:find("shutdown", 1, true), "exit(\"shutdown\") prints no crash report")
  t.is(status, 0, "the node exits 0 when only spawned processes crash")
  local out2, status2 = t.run_child([[error("main crashed")]])
  t.has(out2, "main crashed", "a crash of the main process is reported")
  t.is(status2, 1, "and the node exits 1")
end

t.done()

-- The reference solution of katas/14_remote_links.lua (make test grades
-- it: every check must pass).

function run_linked(n, job, ms)
  trap_exit(true)
  local pid = node.spawn_link(n, job)
  local m = receive(tuple(atom.EXIT, pid, ANY), ms)
  return m and m[3]
end

-- A worker of a pair: "stop" ends it with a reason the link passes on,
-- "done" ends it normally (its partner lives on). A global, so that the
-- wrong solutions can put theirs in its place.
function pair_worker()
  while true do
    local m = receive()
    if m == "stop" then exit(atom.shutdown) end
    if m == "done" then return end
  end
end

function start_pair(a, b)
  local worker = pair_worker      -- an upvalue: it travels to both nodes
  local pa = node.spawn(a, worker)
  local caller = self()
  node.spawn(b, function()
    link(pa)
    send(caller, tuple("linked", self()))
    worker()
  end)
  local m = receive(tuple("linked", ANY), 1000)
  return pa, m and m[2]
end

function watch(n, job, ms)
  local pid = node.spawn(n, job)
  local ref = monitor(pid)
  local m = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), ms)
  if not m then demonitor(ref, true) end
  return m and m[5]
end

-- The reference solution of katas/03_node_monitoring.lua (make test grades
-- it: every check must pass).

function wait_nodedown(n, ms)
  node.monitor(n, true)
  if receive(tuple(atom.nodedown, n), ms) then return true end
  node.monitor(n, false)
  return false
end

function start_watcher()
  local pid = spawn(function()
    node.monitor_nodes(true)
    local log = {}
    while true do
      local m = receive()
      if typeof(m) == "tuple" and (m[1] == atom.nodeup or m[1] == atom.nodedown) then
        log[#log + 1] = m
      elseif typeof(m) == "tuple" and m[1] == "log?" then
        send(m[2], tuple("log", m[3], log))
      end
    end
  end)
  register("node_watcher", pid)
  return pid
end

function watcher_log()
  local ref = make_ref()
  send("node_watcher", tuple("log?", self(), ref))
  local m = receive(tuple("log", ref, ANY), 1000)
  return m and m[3]
end

-- wrong: monitor_nodes(true) subscribes the watcher that start_watcher goes on to spawn
-- fails: the watcher logs the nodeup of a node that connects, then its nodedown
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

function start_watcher()
  node.monitor_nodes(true)
  local pid = spawn(function()
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

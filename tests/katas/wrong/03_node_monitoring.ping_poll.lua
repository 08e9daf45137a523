-- wrong: a node is gone when it stops answering pings
-- fails: wait_nodedown(n, ms) returns true when n drops its connection, though it still runs
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../03_node_monitoring.lua")

function wait_nodedown(n, ms)
  for _ = 1, ms // 50 do
    if node.ping(n) == "pang" then return true end
    sleep(50)
  end
  return false
end

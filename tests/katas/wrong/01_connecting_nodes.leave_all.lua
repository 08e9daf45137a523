-- wrong: leave(n) takes this node out of the cluster, so every connection goes
-- fails: leave(n) drops the connection to n only: the other nodes stay connected
-- (join and members are the reference's; leave is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function leave(n)
  for _, m in ipairs(node.list("connected")) do node.disconnect(m) end
  return true
end

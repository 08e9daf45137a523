-- wrong: n's cluster is every visible node; leaving n means leaving all of them
-- fails: leave(n) drops the connection to n only: the other nodes stay connected
-- (join and members are the reference's; leave is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function leave(n)
  node.disconnect(n)
  for _, m in ipairs(node.list()) do node.disconnect(m) end
  return true
end

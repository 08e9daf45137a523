-- wrong: leave(n) means n leaves the cluster, so n drops every connection it has
-- fails: leave(n) drops the connection to n only: the other nodes stay connected
-- (join and members are the reference's; leave is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function leave(n)
  rpc.call(n, function()
    for _, m in ipairs(node.list("connected")) do node.disconnect(m) end
  end, {}, 1000)
  return true
end

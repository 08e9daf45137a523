-- wrong: joining is pinging; a failed ping needs no reason
-- fails: join(n) of a node that is not running returns false and why
-- (members and leave are the reference's; join is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function join(n)
  return node.ping(n) == "pong"
end

-- wrong: a node that was left must be kept out, or the mesh brings it straight back
-- fails: leave(n) drops the connection to n only: the other nodes stay connected
-- fails: after leave(n), join(n) connects again: a disconnect is not a ban
-- (join and members are the reference's; leave is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function leave(n)
  return node.cut(n)
end

-- wrong: node.list() comes sorted, so this node and node.list() are the sorted cluster
-- fails: join on a peer, then here: the full mesh brings the third node
-- (join and leave are the reference's; members is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../01_connecting_nodes.lua")

function members()
  local all = {node.self()}
  for _, n in ipairs(node.list()) do all[#all + 1] = n end
  return all
end

-- The reference solution of katas/01_connecting_nodes.lua (make test
-- grades it: every check must pass).

function join(n)
  return node.connect(n)
end

function members()
  local all = node.list("this")
  for _, n in ipairs(node.list()) do all[#all + 1] = n end
  table.sort(all)
  return all
end

function leave(n)
  return node.disconnect(n)
end

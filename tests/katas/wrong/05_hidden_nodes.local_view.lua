-- wrong: once connected to n, the admin node sees n's cluster in its own lists
-- fails: cluster_view(n) on the hidden node is n's cluster as n sees it, without the hidden node
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../05_hidden_nodes.lua")

function cluster_view(n)
  node.connect(n)
  local view = node.list("connected")
  table.sort(view)
  return view
end

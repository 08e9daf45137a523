-- wrong: node.list() is every node this one is connected to
-- fails: everyone() lists every node this node is connected to, hidden ones too
-- fails: everyone() on the hidden node lists the node it is connected to
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../05_hidden_nodes.lua")

function everyone()
  local all = node.list()
  table.sort(all)
  return all
end

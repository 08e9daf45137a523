-- wrong: the mesh is transitive, so connecting the admin node to both joins them
-- fails: bridge(a, b) on the hidden node connects a and b to each other
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../05_hidden_nodes.lua")

function bridge(a, b)
  return node.connect(a) == true and node.connect(b) == true
end

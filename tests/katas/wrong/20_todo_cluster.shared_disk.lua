-- wrong: store can write every node's folder itself, from the calling node (as if all nodes shared one disk)
-- fails: store(key, data) returns once every node, this one included, has written the file in its own folder
-- fails: the cluster: Bob made on node2 with an entry; the file is in node1's folder and node2's
-- (the rest is the reference's; store is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../20_todo_cluster.lua")

function store(key, data)
  local nodes = node.list()
  nodes[#nodes + 1] = node.self()
  for _, n in ipairs(nodes) do          -- persist/<n>/, each written from here
    os.execute("mkdir -p '" .. PERSIST .. "/" .. n .. "'")
    local f = assert(io.open(PERSIST .. "/" .. n .. "/" .. key, "w"))
    for _, entry in ipairs(data) do f:write(entry, "\n") end
    f:close()
  end
  return atom.ok
end

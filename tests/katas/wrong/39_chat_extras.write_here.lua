-- wrong: the nodes share the files, so the sharing node writes one copy per node itself
-- fails: share_file from node1: each node's own folder has the file, byte for byte, when it returns (node2 paused: it waits)
-- (the rest is the reference's; share_file is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function share_file(name, data)
  local nodes = node.list()
  table.insert(nodes, node.self())
  for _ in ipairs(nodes) do
    local f = io.open(name, "wb")
    f:write(data)
    f:close()
  end
  table.sort(nodes)
  return nodes
end

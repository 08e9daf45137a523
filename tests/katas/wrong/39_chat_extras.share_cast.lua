-- wrong: a file share can be fire-and-forget: rpc.cast the write to each node, they all get it
-- fails: share_file from node1: each node's own folder has the file, byte for byte, when it returns (node2 paused: it waits)
-- (the rest is the reference's; share_file is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function share_file(name, data)
  local write = function(name, data)
    local f = io.open(name, "wb")
    f:write(data)
    f:close()
  end
  write(name, data)
  local nodes = node.list()
  for _, n in ipairs(nodes) do rpc.cast(n, write, {name, data}) end
  table.insert(nodes, node.self())
  table.sort(nodes)
  return nodes
end

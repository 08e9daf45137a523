-- wrong: share_file's answer is the nodes it sent the file to
-- fails: share_file lists only the nodes that stored the file: node2 cannot (a folder there has its name)
-- (the rest is the reference's; share_file is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function share_file(name, data)
  local nodes = node.list()
  table.insert(nodes, 1, node.self())
  for _, n in ipairs(nodes) do
    rpc.call(n, function(nm, d) local f = io.open(nm, "wb"); if f then f:write(d); f:close() end end, {name, data}, 2000)
  end
  table.sort(nodes)
  return nodes
end

-- wrong: rpc.multicall over node.list() reaches every node (it leaves out the calling node)
-- fails: store(key, data) returns once every node, this one included, has written the file in its own folder
-- (the rest is the reference's; store is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../20_todo_cluster.lua")

function store(key, data)
  return rpc.multicall(node.list(), store_local, {key, data})
end

-- wrong: every node holds a copy, so kv_get can ask any other node for its copy
-- fails: kv_get asks the writer, from any node; kv_get_local reads only this node's copy
-- (the rest is the reference's; kv_get is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../33_kv_store.lua")

function kv_get(key)
  for _, n in ipairs(node.list()) do
    local v = rpc.call(n, kv_get_local, {key}, 500)
    if v ~= nil then return v end
  end
  return kv_get_local(key)
end

-- wrong: the cluster's nodes can be listed once, when the writer starts
-- fails: kv_put waits for every node: when it returns, each copy has the value, the writer's too
-- (the rest is the reference's; the writer's node list is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../33_kv_store.lua")

function DistributedKV.init() return {nodes = node.list()} end

function DistributedKV.handle_call(req, _from, state)
  if req[1] == atom.put then
    kv_store_local(req[2], req[3])
    for _, n in ipairs(state.nodes) do rpc.call(n, kv_store_local, {req[2], req[3]}, 500) end
    return atom.ok, state
  elseif req[1] == atom.get then
    return kv_get_local(req[2]), state
  end
  return atom.error, state
end

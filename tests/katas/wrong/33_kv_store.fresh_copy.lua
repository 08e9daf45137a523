-- wrong: kv_start begins each node with an empty copy (KV_DATA = {})
-- fails: the writer's node is killed: the copies stay, and kv_start on a survivor takes over
-- (the rest is the reference's; kv_start is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../33_kv_store.lua")

function kv_start()
  KV_DATA = {}
  return server.start(DistributedKV, nil, {global = "DistributedKV"})
end

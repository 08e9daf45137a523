-- wrong: every node has a copy, so kv_get can read this node's copy like kv_get_local
-- fails: kv_get asks the writer, from any node; kv_get_local reads only this node's copy
-- (the rest is the reference's; kv_get is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../33_kv_store.lua")

function kv_get(key) return kv_get_local(key) end

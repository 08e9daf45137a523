-- scripts/lib/demo/kv_store.lua: the replicated KV store of Integration
-- Exercise 1 as scripts/exercises/kv_store.lua runs it by itself (in its
-- guide the learner loads their own kata 33). One writer for the cluster,
-- a server named "DistributedKV" in :global; every node keeps its own copy
-- (the seed's ETS table is KV_DATA, a table of the node's); reads are
-- local, writes go through the writer, which fills every copy.

local WRITER = {global = "DistributedKV"}

function kv_store_local(key, value)
  KV_DATA[key] = value
  return true
end

function kv_get_local(key)
  local value = KV_DATA and KV_DATA[key]
  if value == nil then return atom.not_found end
  return tuple(atom.ok, value)
end

DistributedKV = {
  init = function() return {} end,
  handle_call = function(req, _from, state)
    local op, key, value = req[1], req[2], req[3]
    if op == atom.get then return kv_get_local(key), state end
    kv_store_local(key, value)                     -- {put, key, value}
    -- each other node stores it before the reply; one that is down, or
    -- silent for 500 ms, answers nil and a badrpc, and is passed over
    for _, n in ipairs(node.list()) do rpc.call(n, kv_store_local, {key, value}, 500) end
    return atom.ok, state
  end,
}

-- The copy first: on every node but the writer's, the start finds the
-- name taken and init never runs there.
function kv_start()
  KV_DATA = KV_DATA or {}
  return server.start(DistributedKV, nil, WRITER)
end

function kv_put(key, value) return server.call(WRITER, tuple(atom.put, key, value)) end
function kv_get(key) return server.call(WRITER, tuple(atom.get, key)) end

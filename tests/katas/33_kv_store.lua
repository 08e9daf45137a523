-- The reference solution of katas/33_kv_store.lua (make test grades it:
-- every check must pass).

local WRITER = {global = "DistributedKV"}
local TIMEOUT = 500   -- ms a node may take to store; a silent node is skipped after it

function kv_store_local(key, value)
  KV_DATA = KV_DATA or {}
  KV_DATA[key] = value
  return true
end

function kv_get_local(key)
  local v = (KV_DATA or {})[key]
  if v ~= nil then return tuple(atom.ok, v) end
  return atom.not_found
end

DistributedKV = {}

function DistributedKV.init() return {} end

function DistributedKV.handle_call(req, _from, state)
  if req[1] == atom.put then
    kv_store_local(req[2], req[3])
    -- a node that went down, or does not answer in time, gives nil and a
    -- badrpc: the put goes on, and the live nodes have it when it returns
    for _, n in ipairs(node.list()) do rpc.call(n, kv_store_local, {req[2], req[3]}, TIMEOUT) end
    return atom.ok, state
  elseif req[1] == atom.get then
    return kv_get_local(req[2]), state
  end
  return tuple(atom.error, atom.unknown_request), state
end

function kv_start()
  KV_DATA = KV_DATA or {}
  return server.start(DistributedKV, nil, WRITER)
end

function kv_put(key, value) return server.call(WRITER, tuple(atom.put, key, value)) end

function kv_get(key) return server.call(WRITER, tuple(atom.get, key)) end

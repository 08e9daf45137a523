-- Checks of katas/33_kv_store.lua (format: katas/README.md). The writer
-- starts on peer 1 (the seed's node1), so that the last check can kill
-- its node and see a survivor take over.

local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

local function is_pid_on(p, n) return typeof(p) == "pid" and node_of(p) == n end

return {
  title = "a replicated key-value store (Exercise 1)",
  hint = "One writer under {global = \"DistributedKV\"}; each node's own copy, filled by the writer with rpc.call(n, kv_store_local, {key, value}); reads from the copy.",
  cluster = {peers = 2},
  timeout = 4000,   -- ms; generous for loaded machines and the sanitizer build
  checks = {
    {
      name = "kv_store_local and kv_get_local keep a value on this node",
      hint = "a global table (KV_DATA = KV_DATA or {}) is this node's copy; {:ok, v} is tuple(atom.ok, v)",
      run = function(k)
        k.call("kv_store_local", "colour", "blue")
        local ok, e, g = k.same(k.call("kv_get_local", "colour"), tuple(atom.ok, "blue"))
        if not ok then return ok, e, g end
        return k.same(k.call("kv_get_local", "no such key"), atom.not_found)
      end,
    },
    {
      name = "kv_start on every node: one writer, on the node that started first",
      hint = "server.start(DistributedKV, nil, {global = \"DistributedKV\"}): nil on the nodes where the name is taken",
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        local w = k.on(k.node(1), "kv_start")
        if not is_pid_on(w, k.node(1)) then return false, "a pid on peer 1", k.show(w) end
        local here, again = k.call("kv_start"), k.on(k.node(2), "kv_start")
        if here ~= nil or again ~= nil then
          return false, "nil here and on peer 2 (the name is taken)", k.show(here) .. " here, " .. k.show(again) .. " on peer 2"
        end
        return k.same(global.whereis_name("DistributedKV"), w)
      end,
    },
    {
      name = "put from this node, get_local on peer 2: {:ok, \"Alice\"}",
      hint = "handle_call(put): store locally, then rpc.call(n, kv_store_local, {key, value}) for each n in node.list()",
      run = function(k)
        local r = k.call("kv_put", atom.user_1, "Alice")
        if r ~= atom.ok then return false, ":ok from kv_put", k.show(r) end
        local ok, e, g = k.same(k.on(k.node(2), "kv_get_local", atom.user_1), tuple(atom.ok, "Alice"))
        if not ok then return ok, "on peer 2: " .. e, g end
        return k.same(k.call("kv_get_local", atom.user_1), tuple(atom.ok, "Alice"))
      end,
    },
    {
      name = "kv_get asks the writer, from any node",
      run = function(k)
        local ok, e, g = k.same(k.on(k.node(2), "kv_get", atom.user_1), tuple(atom.ok, "Alice"))
        if not ok then return ok, e, g end
        return k.same(k.call("kv_get", "nobody"), atom.not_found)
      end,
    },
    {
      name = "the writer's node is killed: the copies stay, and kv_start on a survivor takes over",
      hint = "the global name goes with its node; kv_start must not wipe this node's copy (KV_DATA = KV_DATA or {})",
      timeout = 2500,
      run = function(k)
        peer.kill(k.peers[1])
        for _ = 1, 100 do
          if global.whereis_name("DistributedKV") == nil then break end
          sleep(10)
        end
        local ok, e, g = k.same(k.call("kv_get_local", atom.user_1), tuple(atom.ok, "Alice"))
        if not ok then return ok, "after the writer died, here: " .. e, g end
        local w = k.call("kv_start")
        if not is_pid_on(w, node.self()) then return false, "kv_start here: a pid (the new writer)", k.show(w) end
        ok, e, g = k.same(k.call("kv_get_local", atom.user_1), tuple(atom.ok, "Alice"))
        if not ok then return ok, "after kv_start here: " .. e, g end
        if k.call("kv_put", atom.user_2, "Bob") ~= atom.ok then return false, ":ok from kv_put", "something else" end
        return k.same(k.on(k.node(2), "kv_get_local", atom.user_2), tuple(atom.ok, "Bob"))
      end,
    },
  },
}

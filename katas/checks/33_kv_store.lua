-- Checks of katas/33_kv_store.lua (format: katas/README.md). The writer
-- starts on peer 1 (the seed's node1); peer 3 joins the cluster after it. Peer 2 is paused during a put (the
-- put must wait for it), then stops answering for good during another and
-- is killed (the put must go on without it); the last check kills peer 1,
-- the writer's node, and peer 3 is there to the end.

local LIB = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local mesh = dofile(LIB .. "mesh.lua")
local pause = dofile(LIB .. "pause.lua")
local background = dofile(LIB .. "background.lua")
local at = dofile(LIB .. "at.lua")

local function is_pid_on(p, n) return typeof(p) == "pid" and node_of(p) == n end

local name_of = at.name

-- kv_get_local(key) on node i (0: here).
local function local_copy(k, i, key) return at(k, i, "kv_get_local", key) end

-- Every node in which holds {:ok, value} for key in its own copy; else
-- false, what was wanted, what is there.
local function copies_hold(k, which, key, value, when)
  for _, i in ipairs(which) do
    local got = local_copy(k, i, key)
    if not k.same(got, tuple(atom.ok, value)) then
      return false, k.show(tuple(atom.ok, value)) .. " in " .. name_of(k, i) .. "'s copy" .. (when or ""), k.show(got)
    end
  end
  return true
end

local function fresh(what) return what .. " " .. math.random(1, 1e9) end

-- The put run as job answered :ok within ms; else false, what was
-- wanted, what came (waiting says what it was still waiting for).
local function put_ok(k, job, ms, waiting)
  local ok, r = background.result(job, ms)
  if ok == nil then return false, "kv_put to return within " .. ms .. " ms", "it was still waiting " .. waiting end
  if not ok then return false, ":ok from kv_put", "error: " .. tostring(r) end
  if r ~= atom.ok then return false, ":ok from kv_put", k.show(r) end
  return true
end

return {
  title = "a replicated key-value store (Exercise 1)",
  hint = {"One writer for the cluster, one copy on every node, reads from the copy.",
          "a server under {global = \"DistributedKV\"}; each node's own copy, filled by the writer with rpc.call(n, kv_store_local, {key, value}, timeout); kv_get_local reads the copy."},
  cluster = {peers = {{}, {}, {connect = false}}},   -- peer 3 joins after the writer starts
  timeout = 2000,
  checks = {
    {
      name = "kv_store_local and kv_get_local keep a value in this node's copy only",
      hint = {"a copy per node: what one node stores locally, another does not see",
              "a global table (KV_DATA = KV_DATA or {}) is this node's copy; {:ok, v} is tuple(atom.ok, v)"},
      run = function(k)
        local blue = fresh("blue")
        k.call("kv_store_local", "colour", blue)
        local ok, e, g = k.same(k.call("kv_get_local", "colour"), tuple(atom.ok, blue))
        if not ok then return ok, e, g end
        ok, e, g = k.same(k.call("kv_get_local", "no such key"), atom.not_found)
        if not ok then return ok, e, g end
        ok, e, g = k.same(k.on(k.node(2), "kv_get_local", "colour"), atom.not_found)
        if not ok then return ok, "on peer 2 (its own copy): " .. e, g end
        return true
      end,
    },
    {
      name = "kv_start on every node: one writer, on the node that started first",
      hint = {"a single writer for the whole cluster: a global name",
              "server.start(DistributedKV, nil, {global = \"DistributedKV\"}): nil on the nodes where the name is taken"},
      run = function(k)
        if not mesh(k, {1, 2}) then return false, "the peers connected to each other", "they did not connect" end
        local w = k.on(k.node(1), "kv_start")
        if not is_pid_on(w, k.node(1)) then return false, "a pid on peer 1", k.show(w) end
        -- peer 3 joins the cluster only now, after the writer started
        node.connect(k.node(3))
        if not mesh(k) then return false, "peer 3 connected to the others", "it did not connect" end
        local others = {[0] = k.call("kv_start")}
        for i = 2, 3 do others[i] = k.on(k.node(i), "kv_start") end
        for i, got in pairs(others) do
          if got ~= nil then
            return false, "nil from kv_start on " .. name_of(k, i) .. " (the name is taken)", k.show(got)
          end
        end
        return k.same(global.whereis_name("DistributedKV"), w)
      end,
    },
    {
      name = "kv_put waits for every node: when it returns, each copy has the value, the writer's too",
      hint = {"replication that is acknowledged: the writer waits for each node's answer",
              "rpc.call waits for the node's answer (rpc.cast does not); store in the writer's own copy as well as node.list()'s, asked at each put (peer 3 joined after the writer started)",
              "handle_call(put): kv_store_local here, then rpc.call(n, kv_store_local, {key, value}, 500) for each n in node.list(); reply atom.ok"},
      timeout = 2500,
      run = function(k)
        local alice = fresh("Alice")
        local p = pause(k.peers[2], 200)           -- peer 2 can store nothing meanwhile
        local job = background(k.call, "kv_put", atom.user_1, alice)
        local early = background.result(job, 150) ~= nil
        pause.wait(p)
        local ok, want, got = put_ok(k, job, 1500, "1.5 s after peer 2 was resumed")
        if not ok then return false, want, got end
        if early then
          return false, "kv_put to wait for peer 2, which was paused for 200 ms",
                        "kv_put returned while peer 2 could not have stored anything"
        end
        return copies_hold(k, {0, 1, 2, 3}, atom.user_1, alice, ", when kv_put returned")
      end,
    },
    {
      name = "kv_get asks the writer, from any node; kv_get_local reads only this node's copy",
      hint = {"two reads: one through the single writer (the copies may lag behind it), one local with no network call",
              "kv_get is a server.call to {global = \"DistributedKV\"} with tuple(atom.get, key); the writer answers from its own copy"},
      run = function(k)
        local v = fresh("Alice")
        k.call("kv_put", atom.user_3, v)
        -- every copy but the writer's made to differ: only the writer's answer is v
        for _, i in ipairs({0, 2, 3}) do at(k, i, "kv_store_local", atom.user_3, "stale") end
        for _, i in ipairs({3, 2, 0}) do
          local ok, e, g = k.same(at(k, i, "kv_get", atom.user_3), tuple(atom.ok, v))
          if not ok then return ok, "kv_get on " .. name_of(k, i) .. ": " .. e, g end
        end
        local ok, e, g = k.same(k.on(k.node(3), "kv_get_local", atom.user_3), tuple(atom.ok, "stale"))
        if not ok then return ok, "kv_get_local on peer 3: " .. e, g end
        return k.same(k.call("kv_get", fresh("nobody")), atom.not_found)
      end,
    },
    {
      name = "a put goes through the writer: while the writer's node is paused, no copy changes",
      hint = {"a single writer: every write goes through it, and through nothing else",
              "kv_put asks the writer; only the writer's handle_call stores, in its copy and the others'",
              "kv_put(key, value) is server.call({global = \"DistributedKV\"}, tuple(atom.put, key, value))"},
      timeout = 2500,
      run = function(k)
        local v = fresh("Erin")
        k.on(k.node(3), "type", 0)                -- the kata loaded there first
        local p = pause(k.peers[1], 300)           -- the writer can do nothing meanwhile
        local job = background(k.on, k.node(3), "kv_put", atom.user_6, v)
        sleep(150)
        local here = k.call("kv_get_local", atom.user_6)
        pause.wait(p)
        local ok, want, got = put_ok(k, job, 1500, "1.5 s after the writer was resumed")
        if not ok then return false, want, got end
        if not k.same(here, atom.not_found) then
          return false, "no change here while the writer's node was paused", "this node's copy had " .. k.show(here)
        end
        return copies_hold(k, {0, 1, 3}, atom.user_6, v, ", when kv_put returned")
      end,
    },
    {
      name = "puts from three nodes at once to the same keys: afterwards every copy agrees with the writer",
      hint = {"a single writer orders the writes: every node gets them in its order",
              "when each caller writes the nodes itself, two callers' writes reach the nodes in different orders",
              "kv_put is only a server.call to the writer; the writer's handle_call does the replication"},
      timeout = 2500,
      run = function(k)
        for i = 2, 3 do k.on(k.node(i), "type", 0) end      -- the kata loaded there first
        -- each of 20 keys put once from each of three nodes, all at once
        local me, keys, count = self(), {}, 0
        for j = 1, 20 do keys[j] = "k" .. j end
        for _, key in ipairs(keys) do
          for _, i in ipairs({0, 2, 3}) do
            local value = name_of(k, i) .. " " .. math.random(1, 1e9)
            spawn(function()
              local ok, r = pcall(at, k, i, "kv_put", key, value)
              send(me, tuple("put", ok, r))
            end)
            count = count + 1
          end
        end
        for _ = 1, count do
          local m = receive(tuple("put", ANY, ANY), 2000)
          if m == nil then return false, count .. " puts returned", "fewer within 2 s" end
          if not m[2] then return false, "kv_put to return", "error: " .. tostring(m[3]) end
        end
        for _, key in ipairs(keys) do
          local want = k.call("kv_get", key)
          if typeof(want) ~= "tuple" then return false, "kv_get(\"" .. key .. "\"): {:ok, the last value}", k.show(want) end
          for _, i in ipairs({0, 1, 2, 3}) do
            local got = local_copy(k, i, key)
            if not k.same(got, want) then
              return false, key .. " in " .. name_of(k, i) .. "'s copy as the writer has it: " .. k.show(want), k.show(got)
            end
          end
        end
        return true
      end,
    },
    {
      name = "a put that meets a node that stopped answering returns :ok within 1.5 s, in every live node's copy; so does one after that node is killed",
      hint = {"a node can stop answering without disconnecting: the writer must not wait for it for ever",
              "rpc.call waits for ever by default (seed 000, pitfall 6): give it a timeout; a node that does not answer gives nil and why (a badrpc), not an error",
              "rpc.call(n, kv_store_local, {key, value}, 500) for each node; go on whatever it returns, and reply atom.ok"},
      timeout = 3000,
      run = function(k)
        local v = fresh("Carol")
        os.execute("kill -STOP " .. k.peers[2].os_pid)   -- hung: connected, but silent
        local job = background(k.call, "kv_put", atom.user_4, v)
        -- whether it returned while peer 2 was silent, not only once it was killed
        local in_time = background.result(job, 1500) ~= nil
        peer.kill(k.peers[2])
        if not in_time then
          return false, "kv_put to return within 1.5 s", "it was still waiting for the silent node after 1.5 s"
        end
        local ok, want, got = put_ok(k, job, 0, "for the silent node after 1.5 s")
        if not ok then return false, want, got end
        ok, want, got = copies_hold(k, {0, 1, 3}, atom.user_4, v, ", when kv_put returned")
        if not ok then return false, want, got end
        -- peer 2 is now dead; the writer may not have seen it go yet
        v = fresh("Dave")
        ok, want, got = put_ok(k, background(k.call, "kv_put", atom.user_5, v), 1500, "after peer 2 was killed")
        if not ok then return false, want .. " (after peer 2 was killed)", got end
        return copies_hold(k, {0, 1, 3}, atom.user_5, v, ", when kv_put returned")
      end,
    },
    {
      name = "the writer's node is killed: the copies stay, and kv_start on a survivor takes over",
      hint = {"reads are local: a node's copy outlives the writer",
              "the global name goes with its node; kv_start must not wipe this node's copy (KV_DATA = KV_DATA or {})"},
      timeout = 2500,
      run = function(k)
        local before = k.call("kv_get_local", atom.user_1)
        peer.kill(k.peers[1])
        for _ = 1, 100 do
          if global.whereis_name("DistributedKV") == nil then break end
          sleep(10)
        end
        local ok, e, g = k.same(k.call("kv_get_local", atom.user_1), before)
        if not ok then return ok, "after the writer died, here: " .. e, g end
        if typeof(before) ~= "tuple" then return false, "user_1 in this node's copy", k.show(before) end
        local w = k.call("kv_start")
        if not is_pid_on(w, node.self()) then return false, "kv_start here: a pid (the new writer)", k.show(w) end
        ok, e, g = k.same(k.call("kv_get_local", atom.user_1), before)
        if not ok then return ok, "after kv_start here: " .. e, g end
        local bob = fresh("Bob")
        if k.call("kv_put", atom.user_2, bob) ~= atom.ok then return false, ":ok from kv_put", "something else" end
        return copies_hold(k, {0, 3}, atom.user_2, bob, ", when kv_put returned")
      end,
    },
  },
}

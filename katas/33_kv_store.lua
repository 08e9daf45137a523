-- Kata 33: a replicated key-value store (learning exercises, Exercise 1)
--
-- From the seeds: "Integration Exercises", Exercise 1 "Distributed KV
-- Store" (004). One writer for the whole cluster (a server under a global
-- name); every node keeps its own copy of the data (the seed's ETS table;
-- here a Lua table, which every process of a node shares), filled by the
-- writer through rpc; reads are local, with no network call.
--
-- Do, in order:
--   1. kv_store_local(key, value): write key = value into this node's copy
--      (make the copy when it does not exist yet). The writer runs it on
--      every node through rpc (the seed's :ets.insert).
--   2. kv_get_local(key): from this node's copy only: tuple(atom.ok, value),
--      or atom.not_found.
--   3. DistributedKV: the writer's callbacks. handle_call for
--      tuple(atom.put, key, value): store in the writer's own copy, then
--      in every node's of node.list() with rpc.call, and reply atom.ok.
--      The put is acknowledged: each node has stored the value when the
--      reply goes (the checks pause a node to see that the put waits).
--      Handle node disconnections (the seed's requirement 5): a node that
--      went down, or stopped answering, must not stop the put nor hold it
--      for ever: give rpc.call a timeout (500 ms), take its nil and
--      reason (a badrpc) as "skip that node", and still reply atom.ok.
--      For tuple(atom.get, key): reply what kv_get_local gives on the
--      writer's node.
--   4. kv_start(): make this node's copy, then start DistributedKV
--      registered globally as "DistributedKV". The seed runs start_link on
--      every node: on all but one the name is taken and init does not run,
--      so make the copy before starting, not in init. Return what
--      server.start returns (the pid, or nil and why).
--   5. kv_put(key, value) and kv_get(key): server.call to the writer.
--   6. The writer's node goes down: the copies on the other nodes stay
--      readable, and kv_start on a survivor makes it the new writer (the
--      global name went away with the old one).
-- Check with: repl --check katas/33_kv_store.lua
-- (the checks start three peer nodes and run kv_start on each, the third
-- joining the cluster after the writer started; they put from several
-- nodes at once, stop one node and kill it, and kill the writer's)
--
-- Elixir (what the seed shows)                 Lua (this shell)
--   GenServer.start_link(__MODULE__, nil,        server.start(DistributedKV, nil,
--     name: {:global, __MODULE__})                 {global = "DistributedKV"})
--   GenServer.call({:global, __MODULE__},        server.call({global = "DistributedKV"},
--     {:put, key, value})                          tuple(atom.put, key, value))
--   :ets.new(__MODULE__, [:named_table,          KV_DATA = KV_DATA or {}   -- one per node
--     :public, :set])
--   :ets.insert(__MODULE__, {key, value})        KV_DATA[key] = value
--   :ets.lookup(__MODULE__, key)                 KV_DATA[key]   (nil when there is none)
--   {:ok, value}, :not_found                     tuple(atom.ok, value), atom.not_found
--   for node <- Node.list() do ... end           for _, n in ipairs(node.list()) do ... end
--   :rpc.call(node, :ets, :insert,               rpc.call(n, kv_store_local, {key, value}, 500)
--     [__MODULE__, {key, value}], 500)             (nil and why when n did not answer in time)
--   def handle_call({:put, k, v}, _from, s)      function DistributedKV.handle_call(req, from, s)
--     ...                                          if req[1] == atom.put then ... return atom.ok, s end
--     {:reply, :ok, state}
-- rpc.call(n, f, {args}) runs your function f on node n: it travels as
-- bytecode, and the globals it uses (KV_DATA) are node n's own. The
-- checks load this file on the peers before they call it there.

-- TODO 1: key = value in this node's copy.
function kv_store_local(key, value)
end

-- TODO 2: tuple(atom.ok, value) or atom.not_found, from this node's copy.
function kv_get_local(key)
end

-- TODO 3: the single writer.
DistributedKV = {}

-- TODO 4: this node's copy, then the writer under {global = "DistributedKV"}.
function kv_start()
end

-- TODO 5: through the writer.
function kv_put(key, value)
end

function kv_get(key)
end

-- Kata 30: a distributed server (kata 83, Pattern 1)
--
-- From the seeds: kata 83's "Common Patterns", Pattern 1 "Distributed
-- GenServer" (000): a server registered under a global name, so that any
-- node of the cluster reaches it by that name, wherever it runs.
--
-- Do, in order:
--   1. DistributedWorker: the server's callbacks (the server module is our
--      GenServer). init(opts) keeps opts as the state; handle_call answers
--      the request atom.get_state with the state (and keeps it).
--   2. start_link(opts): start DistributedWorker with opts as init's
--      argument, registered globally as opts.name, or as
--      "DistributedWorker" when opts has no name. Return what server.start
--      returns: the pid, or nil and why (the name is taken, say).
--   3. get_state(name): call the server registered globally as name with
--      atom.get_state and return its answer. It must work from any node.
-- Check with: repl --check katas/30_distributed_server.lua
-- (the checks start two peer nodes and run your functions on them too)
--
-- Elixir (what the seed shows)                 Lua (this shell)
--   defmodule M do use GenServer ... end         M = {}, a table of callback functions
--   def init(arg), do: {:ok, state}              function M.init(arg) ... return state end
--   def handle_call(request, from, state),       function M.handle_call(request, from, state)
--     do: {:reply, reply, new_state}               ... return reply, new_state end
--   Keyword.get(opts, :name, default)            opts.name or default  (opts is a Lua table)
--   GenServer.start_link(M, arg,                 server.start(M, arg, {global = name})
--     name: {:global, name})
--   GenServer.call({:global, name}, request)     server.call({global = name}, request)
--   :get_state                                   atom.get_state
-- server.start returns the pid once init has run, or nil and why; where
-- GenServer.call exits, server.call raises a Lua error: it monitors the
-- server while it waits, so a server that dies (or whose node dies) ends
-- the call at once. A global name is unique in the whole cluster: a
-- second start under it, on any node, returns nil (Elixir: {:error,
-- {:already_started, pid}}), even when both start at the same moment.
-- (The checks start servers from three nodes at once, start a new server
-- under a name whose server died, crash a server while a get_state to it
-- waits, and kill a node while a get_state to its server waits.)

-- TODO 1: the callbacks.
DistributedWorker = {}

-- TODO 2: start under {global = opts.name or "DistributedWorker"}.
function start_link(opts)
end

-- TODO 3: ask the globally named server for its state.
function get_state(name)
end

-- Kata 11: a distributed counter
--
-- From the seeds: learning Drill 3 "Global Process Registration" (004),
-- its "Build a Distributed Counter": a GenServer registered as
-- {:global, name}, incremented and read from any node of the cluster.
-- (scripts/exercises/drill3_global.lua walks the whole drill.)
--
-- Do, in order:
--   1. counter_start(): start a server (the server module) whose state is
--      a count starting at 0, registered cluster-wide as "counter"
--      ({global = "counter"}). Return what server.start returns: the pid,
--      or nil and why (a second start finds the name taken).
--   2. counter_increment(): a cast to the counter: the count goes up by 1.
--   3. counter_get(): a call to the counter: the count. From any node:
--      the name is the same everywhere.
-- Then try the drill's questions: what happens if the process crashes?
-- Can you register the same name twice? (The checks kill the counter:
-- counter_get must then fail, as GenServer.call exits, and a new
-- counter_start, raced from several nodes at once, starts exactly one
-- fresh counter, which every node then reaches; one started again on the
-- node where one died counts from 0, as the count dies with its process.
-- They also increment it hundreds of times at once from several nodes:
-- no increment may be lost.)
-- Check with: repl --check katas/11_distributed_counter.lua
-- (the checks start two peer nodes and run your functions there too)
--
-- Elixir (what the seeds show)            Lua (this shell)
--   use GenServer, a module of callbacks    a table of callback functions
--   init(arg) -> {:ok, state}               init(arg) -> state
--   handle_cast(msg, state)                 handle_cast(msg, state) -> new state
--     -> {:noreply, new_state}
--   handle_call(req, from, state)           handle_call(req, from, state)
--     -> {:reply, reply, new_state}           -> reply, new state
--   GenServer.start_link(mod, arg,          server.start(callbacks, arg, opts)
--     name: {:global, name})                  opts: {global = name}; the pid,
--                                             or nil and why
--   GenServer.cast(server, msg)             server.cast(server, msg)
--   GenServer.call(server, req)             server.call(server, req)
--   {:global, name} as the server           {global = name}
--   :increment, :get                        atom.increment, atom.get
-- server.call raises a Lua error where GenServer.call exits (no process,
-- time out); let it raise. h"server" in the shell tells the rest.

-- TODO 1: start the counter, registered globally as "counter".
function counter_start()
end

-- TODO 2: add one to the counter (a cast).
function counter_increment()
end

-- TODO 3: the counter's count (a call).
function counter_get()
end

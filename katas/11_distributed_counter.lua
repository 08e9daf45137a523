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
-- (The checks kill it: counter_get must then fail, as GenServer.call
-- exits, and counter_start must start a fresh one.)
-- Check with: repl --check katas/11_distributed_counter.lua
-- (the checks start two peer nodes and run your functions there too)
--
-- Elixir (what the seeds show)                    Lua (this shell)
--   use GenServer                                   local callbacks = {}
--   def init(count), do: {:ok, count}               function callbacks.init(count) return count end
--   def handle_cast(:increment, count) do           function callbacks.handle_cast(msg, count)
--     {:noreply, count + 1}                           return count + 1 -- the new state
--   end                                             end
--   def handle_call(:get, _from, count) do          function callbacks.handle_call(req, from, count)
--     {:reply, count, count}                          return count, count -- the reply, the state
--   end                                             end
--   GenServer.start_link(__MODULE__, 0,             server.start(callbacks, 0, {global = "counter"})
--     name: {:global, __MODULE__})
--   GenServer.cast({:global, M}, :increment)        server.cast({global = "counter"}, atom.increment)
--   GenServer.call({:global, M}, :get)              server.call({global = "counter"}, atom.get)
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

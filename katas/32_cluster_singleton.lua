-- Kata 32: a cluster singleton (kata 83, Pattern 3)
--
-- From the seeds: kata 83's "Common Patterns", Pattern 3 "Cluster
-- Singleton" (000): the same code starts on every node, and :global makes
-- sure only one instance runs cluster-wide.
--
-- Do, in order:
--   1. try_singleton(work): the seed's case. Register the calling process
--      globally as "singleton"; when that succeeds, run work() and return
--      what it returns (run_singleton_work()); when the name is taken,
--      return atom.already_running without running work.
--   2. candidate(work): spawn a process that stays a candidate: it calls
--      try_singleton(work); when the singleton is already running
--      elsewhere, it monitors that process (global.whereis_name), waits
--      for its DOWN and tries again. So when the singleton dies, one of
--      the others takes over: whether its process crashed on a node that
--      lives on, or its whole node went down. Return the spawned pid.
-- Check with: repl --check katas/32_cluster_singleton.lua
-- (the checks start two peer nodes, start three candidates on each node
-- at once, crash the singleton's process, then kill a node that holds it)
--
-- Elixir (what the seed shows)                Lua (this shell)
--   :global.register_name(name, pid)           global.register_name(name, pid)
--     :yes | :no                                 true | false (and why)
--   case x do :yes -> a; :no -> b end           if x then a else b end
--   run_singleton_work()                        work()  (the function the caller gives)
--   :already_running                            atom.already_running
--   spawn(fn -> ... end)                        spawn(function() ... end)  (returns the pid)
--   :global.whereis_name(name)                  global.whereis_name(name)
--   ref = Process.monitor(pid)                  local ref = monitor(pid)
--   receive do {:DOWN, ^ref, _, _, reason}      receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
--     -> ... end                                  (the message; its [5] is the reason)
-- :yes / :no are true / false (false comes with the reason); :undefined is
-- nil, so whereis_name may give nil when the singleton ended meanwhile:
-- then try again at once. A process's global name goes away when it ends,
-- and when its node goes down.

-- TODO 1: register as "singleton" and run work(), or atom.already_running.
function try_singleton(work)
end

-- TODO 2: a process that keeps trying until it is the singleton.
function candidate(work)
end

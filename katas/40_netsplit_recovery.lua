-- Kata 40: after a netsplit, one counter again
--
-- From the seeds: kata 83's pitfalls (000) 4, "Network partitions: the
-- cluster can split into separate groups", and 7, "Global name
-- conflicts: :global.register_name can have race conditions during
-- network partitions"; the reading notes' 12.2 (002): netsplits, split
-- brain, and CAP (a CP or an AP system). Here you build the AP kind: a
-- counter registered with :global. While the cluster is split, each half
-- that finds no counter starts its own and goes on counting. When the
-- halves meet again, global finds the name held twice and calls the
-- name's resolve function with both pids; it keeps the one that function
-- returns. The default, :global.random_exit_name, kills the other, and
-- whatever that one counted is lost. Yours keeps every count.
-- (scripts/kata83/pitfall7_global_conflicts.lua shows the conflict;
-- pitfall4_partitions.lua the split.)
--
-- Do, in order:
--   1. counter_start(name): start a counter process (its count starts at
--      0) and register it globally as name, with resolve_counter as its
--      resolve function. When the name is taken already, the counter that
--      has it is the one: stop yours. Return the pid that holds the name.
--   2. counter_bump(name, by): add by to the counter registered as name,
--      wherever it runs now, and return its new count. Look the name up
--      for each bump: after a split and a heal, the counter you used
--      last may be gone. If it dies before it answers, look again and
--      retry; give up with nil after about a second. A counter that is
--      only silent (its node busy or stopped) is not dead: it may still
--      count what you sent it, so a bump is never sent to it twice.
--   3. counter_value(name): that counter's count (nil when none answers).
--   4. resolve_counter(name, pid1, pid2): called by global (on one node)
--      when name is held by two counters after a heal: return the one to
--      keep. Do not kill the other (its count would be lost): tell it to
--      hand its count over to the one kept and then to stop. The one kept
--      adds what it is handed to its own count.
-- Check with: repl --check katas/40_netsplit_recovery.lua
-- (the checks start two peers, cut one off from the others with
-- node.cut, count on both sides, then node.heal it)
--
-- Elixir (what the seeds show)                 Lua (this shell)
--   :global.register_name(name, pid)             global.register_name(name, pid)
--     # => :yes | :no                              -- true, or false and why
--   :global.register_name(name, pid, resolve)    global.register_name(name, pid, resolve_counter)
--   resolve.(name, pid1, pid2)  # => the pid     resolve_counter(name, pid1, pid2) -> the pid kept
--     to keep, or :none                            (nil: the name is dropped)
--   &:global.random_exit_name/3 (the default)    global.random_exit_name
--   &:global.random_notify_name/3                global.random_notify_name   (the other gets
--                                                  {:global_name_conflict, name})
--   :global.whereis_name(name)                   global.whereis_name(name)   (nil for :undefined)
--   Process.monitor(pid)                         monitor(pid)   (DOWN :noproc if already gone)
--   {:DOWN, ref, :process, pid, reason}          tuple(atom.DOWN, ref, atom.process, pid, reason)
--   Process.demonitor(ref, [:flush])             demonitor(ref, true)
--   receive ... after ms -> ... end              receive(pattern, ms)
-- A resolve function that returns one pid leaves the other running, as in
-- Erlang: only the default kills it.

-- TODO 4 (needed by 1): which counter stays; the other hands over and stops.
function resolve_counter(name, pid1, pid2)
end

-- TODO 1
function counter_start(name)
end

-- TODO 2
function counter_bump(name, by)
end

-- TODO 3
function counter_value(name)
end

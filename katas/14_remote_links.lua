-- Kata 14: links and monitors across nodes
--
-- From the seeds: kata 83's "Node.spawn/2 and Node.spawn_link/2" (000):
-- "Spawn with link (crash propagation) ... Local process will also crash
-- due to the link"; learning Drill 5 "Distributed Links and Monitors"
-- (004): monitor a remote process, the DOWN message with :normal, and with
-- :noconnection when its node disconnects or crashes; its exercises: link
-- two processes on different nodes, crash one (what happens to the
-- other?), and the difference between links and monitors.
--
-- Do, in order:
--   1. run_linked(n, job, ms): run the function job on node n in a
--      process linked to the caller, as Node.spawn_link does, and wait (up
--      to ms) until it ends. Return its exit reason (nil when it has not
--      ended within ms). The caller must live on, whatever the job does:
--      it traps exits. A link goes both ways: if the caller dies, the job
--      dies with it.
--   2. start_pair(a, b): start two workers, one on node a and one on node
--      b, linked to each other (not to the caller); return both pids (a's
--      first). A worker waits for messages:
--        "stop": it ends, and its partner must end too (through the link);
--        "done": it ends normally, alone: its partner keeps running.
--      Any other message is ignored.
--   3. watch(n, job, ms): run job on node n, watched but not linked (a
--      monitor): wait (up to ms) for it to end and return its exit reason
--      (nil when it has not ended within ms). No exit trapping here: a
--      monitor only watches, so the watcher never dies of the job's end,
--      and the job never dies of the watcher's.
-- Check with: repl --check katas/14_remote_links.lua
-- (the checks start four peer nodes and kill two of them; they run your
-- functions in processes of their own, and kill some of those)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   Process.flag(:trap_exit, true)             trap_exit(true)
--   Node.spawn_link(node, fun)                 node.spawn_link(n, fn)  (returns the pid)
--   receive do {:EXIT, ^pid, reason} -> ...    receive(tuple(atom.EXIT, pid, ANY), ms)
--     after ms -> ... end                        (the message, its [3] the reason; nil after ms)
--   Node.spawn(node, fun)                      node.spawn(n, fn)
--   ref = Process.monitor(pid)                 local ref = monitor(pid)
--   {:DOWN, ^ref, :process, _, reason}         tuple(atom.DOWN, ref, ANY, ANY, ANY)  (its [5])
--   Process.link(pid)                          link(pid)
--   exit(:shutdown)                            exit(atom.shutdown)
--   :normal :noconnection :killed              atom.normal atom.noconnection atom.killed
-- A function that returns ends its process with the reason atom.normal.
-- Only a reason other than normal travels along a link and kills (unless
-- the other side traps exits: then it is a message). A function sent to
-- another node carries copies of its upvalues (a pid it needs, say).

-- TODO 1: job on n, linked; its exit reason, the caller trapping exits.
function run_linked(n, job, ms)
end

-- TODO 2: two linked workers, one on a and one on b: their pids.
function start_pair(a, b)
end

-- TODO 3: job on n, monitored; its exit reason.
function watch(n, job, ms)
end

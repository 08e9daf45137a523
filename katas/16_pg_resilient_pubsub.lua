-- Kata 16: pub-sub that survives its members' deaths
--
-- From the seeds: kata 83's :pg (000: join, get_members, "pub/sub event
-- broadcasting") and learning Drill 4's PubSub (004). Kata 12 built it;
-- this one makes it live through failures. Subscribers crash, and whole
-- nodes die: a group member is a process, and pg watches every member, so
-- a member that dies leaves its groups by itself, on every node, whether
-- its process crashed or its node went away. Nobody cleans up after it.
-- What does not come back by itself is a restarted subscriber: a new
-- process is a new pid, and it must join again.
--
-- Do, in order:
--   1. subscribe(topic): join the calling process to the group topic.
--      pg runs already: the checks start it once on each node (pg.start(),
--      the seed's :pg.start_link()), as an application does when its node
--      boots. Not in each subscriber: in Elixir :pg.start_link() links pg
--      to its caller, so a subscriber that started pg and then crashed
--      would take pg, and every member on its node, down with it (erl
--      shows it; this shell's pg.start() makes no link).
--   2. publish(topic, message): send tuple(atom.message, topic, message)
--      to every member of topic as pg lists it now, on every node, and
--      return how many members it sent to.
--   3. keep_subscribed(topic, to): start a subscriber, a process that
--      subscribes to topic and sends each message it gets on to the
--      process to; whenever that subscriber dies (it crashed, or was
--      killed), start a new one that subscribes again. Return the pid of
--      the process that does the restarting (the checks kill it at the
--      end: its subscriber must die with it, none left in the group).
-- Check with: repl --check katas/16_pg_resilient_pubsub.lua
-- (the checks start pg on every node, run your subscribe in
-- processes there, crash some of them, and kill a whole node)
--
-- Elixir (what the seeds show)                 Lua (this shell)
--   :pg.start_link()                             pg.start()   (already running: nil and why; fine)
--   :pg.join(topic, self())                      pg.join(topic, self())
--   :pg.get_members(topic)                       pg.get_members(topic)
--   send(pid, {:message, topic, msg})            send(pid, tuple(atom.message, topic, msg))
--   Process.flag(:trap_exit, true)               trap_exit(true)
--   spawn_link(fn -> ... end)                    spawn_link(function() ... end)
--   {:EXIT, pid, reason}                         tuple(atom.EXIT, pid, reason)
--   Process.monitor(pid)                         monitor(pid)
--   {:DOWN, ref, :process, pid, reason}          tuple(atom.DOWN, ref, atom.process, pid, reason)
-- is_alive(pid) works on pids of this node only (Erlang's
-- is_process_alive raises badarg on a remote pid).

-- TODO 1: join the calling process to topic's group.
function subscribe(topic)
end

-- TODO 2: to every member of topic; how many.
function publish(topic, message)
end

-- TODO 3: a subscriber forwarding to `to`, started again whenever it dies.
function keep_subscribed(topic, to)
end

-- Kata 12: pub-sub on process groups
--
-- From the seeds: learning Drill 4 "Process Groups with :pg" (004), its
-- "Build a Pub-Sub System": subscribers join a pg group named after the
-- topic; publishing sends to every member, on every node.
-- (scripts/exercises/drill4_pg.lua walks the whole drill.)
--
-- Do, in order:
--   1. subscribe(topic): make sure pg runs on this node (the seed's
--      :pg.start_link(): pg runs on a node only once started there), then
--      join the calling process to the group topic. Return what pg.join
--      returns.
--   2. publish(topic, message): send tuple(atom.message, topic, message) to
--      every member of the group topic, wherever it runs.
--   3. unsubscribe(topic): the calling process leaves the group topic.
-- Check with: repl --check katas/12_pubsub.lua
-- (the checks start two peer nodes, with subscriber processes there that
-- call your subscribe and unsubscribe, and tell the checks what arrives;
-- pg is not running on the peers until your subscribe starts it. The
-- checks start pg on the grading node themselves, to watch the groups
-- from there.)
--
-- Elixir (what the seeds show)                Lua (this shell)
--   :pg.start_link()                            pg.start()
--                                                 -- already running: nil and why; fine
--   :pg.join(group, pid)                        pg.join(group, pid)  -- a pid of this node
--   :pg.leave(group, pid)                       pg.leave(group, pid)
--   :pg.get_members(group)                      pg.get_members(group)   -- every node's
--   :pg.get_local_members(group)                pg.get_local_members(group)  -- this node's
--   send(pid, {:message, topic, msg})           send(pid, tuple(atom.message, topic, msg))
--   self()                                      self()
-- A topic is an atom in the seed (:news): atom.news here; a Lua string
-- names the same group ("news" is :news on the wire).

-- TODO 1: join the calling process to the topic's group.
function subscribe(topic)
end

-- TODO 2: {:message, topic, message} to every subscriber of topic.
function publish(topic, message)
end

-- TODO 3: the calling process leaves the topic's group.
function unsubscribe(topic)
end

-- Kata 15: output and the group leader
--
-- From the seeds: the reading notes' 12.1 (002) "All standard I/O calls
-- are forwarded to the group leader", and kata 83's Node.spawn example
-- (000), `IO.puts("Running on #{Node.self()}")`. A process does not print
-- to "its" terminal: print sends an io request to the process's group
-- leader, an ordinary process that answers it. A new process inherits
-- its spawner's group leader, on whatever node it runs, so what a process
-- spawned on another node prints comes back to the spawner's terminal.
-- (scripts/notes/02_group_leader_io.lua walks the drill.)
--
-- Do, in order:
--   1. spawn_hello(n): start on node n a process that prints
--      "Running on " followed by the name of the node it runs on (the
--      seed's example); return its pid. Where does the line show up?
--   2. print_on(n, text): make text show on node n's own terminal, not
--      here. Every named node has its terminal's io server registered
--      there as "user" (Erlang's user): the process that prints must have
--      it as its group leader.
--   3. capture(f): call f() with everything it prints collected, also
--      what f's work on other nodes prints (an rpc.call, a node.spawn it
--      waits for), and return that text once f returns. Nothing of it
--      shows on the caller's terminal; other processes, here or on other
--      nodes, print where they did all along; and after capture the
--      caller prints where it printed before. You need an io server of
--      your own: a process that answers io requests and keeps their text.
-- Check with: repl --check katas/15_group_leader_io.lua
-- (the checks start peer nodes and read what each one prints)
--
-- Elixir (what the seeds show)                 Lua (this shell)
--   Node.spawn(node, fn -> ... end)              node.spawn(n, function() ... end)
--   IO.puts(text)                                print(text)   (io.write(text) too)
--   Node.self()                                  node.self()
--   Process.group_leader()                       group_leader()  (nil: the terminal)
--   Process.group_leader(pid, leader)            group_leader(leader, pid)  (Erlang's order;
--                                                  here pid must be of this node, where
--                                                  Erlang takes any: a process sets
--                                                  its own with self())
--   Process.whereis(:user)                       whereis("user")
--   :rpc.call(node, fun, args)                   rpc.call(n, fn, {args})
-- The io protocol: print sends its group leader
--   {:io_request, from, reply_as, {:put_chars, :unicode, text}}
--                                                tuple(atom.io_request, from, reply_as,
--                                                  tuple(atom.put_chars, atom.unicode, text))
-- and waits for {:io_reply, reply_as, :ok}        tuple(atom.io_reply, reply_as, atom.ok)
-- (Elixir's ExUnit.CaptureIO.capture_io works this way.)

-- TODO 1: a process on n that prints "Running on <its node>"; its pid.
function spawn_hello(n)
end

-- TODO 2: text on node n's own terminal.
function print_on(n, text)
end

-- TODO 3: what f() printed, collected by a group leader of your own.
function capture(f)
end

-- Kata 20: the Distributed Todo Cluster
--
-- From the seeds: chapter 12's project (001), "The Distributed Todo
-- Cluster": a todo list per name, reachable from any node, its entries
-- saved on every node, and still there when a node dies.
-- (scripts/ch12/todo_cluster.lua walks the four steps on two nodes.)
--
-- Do, in the project's order (entries are strings, a list is a Lua list):
--   Step 1, global registration (Todo.Server):
--     1. todo_start(name): start a server (the server module) for the
--        list name, registered cluster-wide under tuple(atom.todo_list,
--        name) ({global = ...}). Its state starts with the entries that
--        get(name) finds on this node's disk ({} when none). Return what
--        server.start returns: the pid, or nil and why.
--     2. add_entry(pid, entry): a cast; the server appends entry to its
--        list and saves the whole list with store(name, entries).
--     3. entries(pid): a call; the list of entries.
--   Step 2, global discovery (Todo.Cache):
--     4. server_process(name): the pid global.whereis_name finds under
--        tuple(atom.todo_list, name); when there is none, start one with
--        todo_start. Two nodes asking at once must end with one server:
--        when your start loses (nil), return the winner's pid.
--   Step 3, database replication (Todo.Database):
--     5. store_local(key, data): write data (a list of strings) into the
--        file PERSIST .. "/" .. node.self() .. "/" .. key, making the
--        folder when missing: a folder per node (the seed's persist/node1/).
--     6. get(key): read that file back on this node as a list; nil when
--        this node has no such file.
--     7. store(key, data): call store_local(key, data) on every node of
--        the cluster, this one included, with rpc.multicall, and return
--        once every node has written its copy (a node that is slow to
--        answer is waited for: the checks pause one to see it).
--   Step 4, testing the cluster, is what the checks do on two peer nodes:
--   create "Bob" on node2, add an entry, look for the file in both nodes'
--   folders, kill node2 (kill -9), ask for "Bob" on node1: a server comes
--   up on node1 with the entry loaded from node1's disk.
-- Check with: repl --check katas/20_todo_cluster.lua
-- (every node of the checks' cluster works in a folder of its own, as if
-- on a machine of its own: PERSIST is relative to it, so a file that the
-- wrong node writes is not where the checks look)
--
-- Elixir (what the seed shows)                  Lua (this shell)
--   {:todo_list, name}                            tuple(atom.todo_list, name)
--   GenServer.start_link(M, arg,                  server.start(callbacks, arg, {global = name})
--     name: {:global, name})
--   GenServer.cast(pid, message)                  server.cast(pid, message)
--   GenServer.call(pid, request)                  server.call(pid, request)
--   :global.whereis_name(name)                    global.whereis_name(name)
--     :undefined                                    nil
--   DynamicSupervisor.start_child(...)            todo_start(name)  (no supervisor here: the
--                                                   server runs unlinked, on the node that asked)
--   File.mkdir_p!(folder)                         os.execute("mkdir -p '" .. folder .. "'")
--   File.write!(path, data)                       local f = io.open(path, "w"); f:write(...); f:close()
--   "#{Node.self()}"                              node.self()
--   :rpc.multicall(Mod, :fun, args)               rpc.multicall(fun, args)  (fun(table.unpack(args))
--                                                   on this node and each of node.list(); your
--                                                   function goes along to every node, or
--                                                   rpc.multicall("_G", "fun", args) where every
--                                                   node loaded this file)
-- server callbacks: init(arg) returns the state; handle_cast(msg, state)
-- the new state; handle_call(req, from, state) the reply, then the state.

PERSIST = PERSIST or "persist"   -- relative: each node's own folder; keep this line

-- TODO 1: a todo server for name, registered as {todo_list, name}.
function todo_start(name)
end

-- TODO 2: add an entry (a cast); the server saves its list with store.
function add_entry(pid, entry)
end

-- TODO 3: the entries (a call).
function entries(pid)
end

-- TODO 4: the server of name, found globally or started.
function server_process(name)
end

-- TODO 5: write data into PERSIST/<this node>/key.
function store_local(key, data)
end

-- TODO 6: the list stored under key on this node, or nil.
function get(key)
end

-- TODO 7: store_local(key, data) on every node, with rpc.multicall.
function store(key, data)
end

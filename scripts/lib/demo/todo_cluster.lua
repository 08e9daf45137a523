-- scripts/lib/demo/todo_cluster.lua: the Distributed Todo Cluster as
-- scripts/ch12/todo_cluster.lua runs it by itself (in its guide the
-- learner loads their own kata 20 instead). The seed's three modules are
-- three groups of globals: Todo.Database (a file per list, in a folder of
-- this node's), Todo.Server (one server per list, named in :global) and
-- Todo.Cache (find the list's server in :global, or start it).

PERSIST = PERSIST or "persist"

-- ---- Todo.Database ----

local function file_of(key)
  local dir = PERSIST .. "/" .. node.self()     -- persist/node1@host/
  return dir, dir .. "/" .. key
end

-- Writes one entry a line, on this node only.
function store_local(key, entries)
  local dir, file = file_of(key)
  os.execute("mkdir -p '" .. dir .. "'")
  local f = assert(io.open(file, "w"))
  for _, e in ipairs(entries) do f:write(e, "\n") end
  f:close()
  return atom.ok
end

-- The entries this node has on disk for key, or nil.
function get(key)
  local _, file = file_of(key)
  local f = io.open(file)
  if not f then return nil end
  local entries = {}
  for line in f:lines() do entries[#entries + 1] = line end
  f:close()
  return entries
end

-- Every node of the cluster (this one too) writes its own copy: the
-- function travels to each, as :rpc.multicall(__MODULE__, :store_local, ...).
function store(key, entries)
  return rpc.multicall(store_local, {key, entries})
end

-- ---- Todo.Server ----

local function name_of(list) return tuple(atom.todo_list, list) end

TodoServer = {
  init = function(list) return {list = list, entries = get(list) or {}} end,
  handle_cast = function(msg, s)                  -- {add_entry, entry}
    s.entries[#s.entries + 1] = msg[2]
    store(s.list, s.entries)
    return s
  end,
  handle_call = function(_req, _from, s) return s.entries, s end,   -- :entries
}

function todo_start(list)
  return server.start(TodoServer, list, {global = name_of(list)})
end
function add_entry(pid, entry) return server.cast(pid, tuple(atom.add_entry, entry)) end
function entries(pid) return server.call(pid, atom.entries) end

-- ---- Todo.Cache ----

-- The list's server wherever it runs; started here when there is none (and
-- when another node's start won the name meanwhile, that one).
function server_process(list)
  local pid = global.whereis_name(name_of(list))
  if pid == nil then pid = todo_start(list) or global.whereis_name(name_of(list)) end
  return pid
end

-- The reference solution of katas/20_todo_cluster.lua (make test grades
-- it: every check must pass). scripts/ch12/todo_cluster.lua loads it on
-- two nodes to walk the project's four steps.

PERSIST = PERSIST or "persist"

-- ---- Step 3: the database ----

local function folder() return PERSIST .. "/" .. node.self() end

function store_local(key, data)
  os.execute("mkdir -p '" .. folder() .. "'")          -- File.mkdir_p!
  local f = assert(io.open(folder() .. "/" .. key, "w"))
  for _, entry in ipairs(data) do f:write(entry, "\n") end
  f:close()
  return atom.ok
end

function get(key)
  local f = io.open(folder() .. "/" .. key)
  if not f then return nil end
  local data = {}
  for line in f:lines() do data[#data + 1] = line end
  f:close()
  return data
end

function store(key, data)
  return rpc.multicall(store_local, {key, data})
end

-- ---- Step 1: the todo server, named globally ----

local callbacks = {}
function callbacks.init(name)
  return {name = name, entries = get(name) or {}}
end
function callbacks.handle_cast(msg, state)
  if msg[1] == atom.add_entry then
    state.entries[#state.entries + 1] = msg[2]
    store(state.name, state.entries)
  end
  return state
end
function callbacks.handle_call(req, from, state)
  return state.entries, state
end

function todo_start(name)
  return server.start(callbacks, name, {global = tuple(atom.todo_list, name)})
end

function add_entry(pid, entry)
  return server.cast(pid, tuple(atom.add_entry, entry))
end

function entries(pid)
  return server.call(pid, atom.entries)
end

-- ---- Step 2: the cache, finding servers globally ----

function server_process(name)
  local pid = global.whereis_name(tuple(atom.todo_list, name))
  if pid then return pid end
  local new = todo_start(name)
  return new or global.whereis_name(tuple(atom.todo_list, name))
end

-- wrong: a name given to server.start is known on every node, local or global alike
-- fails: todo_start(name) starts a server there, registered globally as {todo_list, name}
-- fails: server_process(name) finds the running server from another node
-- (the rest is the reference's; todo_start and server_process are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../20_todo_cluster.lua")

local function local_name(name) return "todo_list " .. name end

local callbacks = {}
function callbacks.init(name) return {name = name, entries = get(name) or {}} end
function callbacks.handle_cast(msg, state)
  state.entries[#state.entries + 1] = msg[2]
  store(state.name, state.entries)
  return state
end
function callbacks.handle_call(_, _, state) return state.entries, state end

function todo_start(name)
  return server.start(callbacks, name, {name = local_name(name)})
end

function server_process(name)
  return whereis(local_name(name)) or todo_start(name)
end

-- wrong: add_entry can read the list, append, and hand the server the new list
-- fails: add_entry from 3 processes on each of three nodes at once: the server keeps all 9 entries
-- (the rest is the reference's; add_entry and the server's cast are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../20_todo_cluster.lua")

local callbacks = {}
function callbacks.init(name) return {name = name, entries = get(name) or {}} end
function callbacks.handle_cast(msg, state)
  state.entries = msg[2]
  store(state.name, state.entries)
  return state
end
function callbacks.handle_call(_, _, state) return state.entries, state end

function todo_start(name)
  return server.start(callbacks, name, {global = tuple(atom.todo_list, name)})
end

function add_entry(pid, entry)
  local list = entries(pid)
  list[#list + 1] = entry
  return server.cast(pid, tuple(atom.replace, list))
end

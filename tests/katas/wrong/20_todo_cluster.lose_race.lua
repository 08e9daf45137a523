-- wrong: whereis_name then start is enough; a start that loses the race has nothing to return
-- fails: server_process(name) on three nodes at once, for six names: one server per name, the same pid for all
-- (the rest is the reference's; server_process is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../20_todo_cluster.lua")

function server_process(name)
  return global.whereis_name(tuple(atom.todo_list, name)) or todo_start(name)
end

-- wrong: the room's members are the user processes that pg lists on this node
-- fails: typing(room, name) on node1: the room's other members see it, on every node; not the typer, nor Dave; no history
-- (the rest is the reference's; typing is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function typing(room, name)
  local me = global.whereis_name(tuple(atom.user, name))
  for _, p in ipairs(pg.get_local_members(tuple(atom.room, room))) do
    if p ~= me then server.cast(p, tuple(atom.typing, room, name)) end
  end
  return atom.ok
end

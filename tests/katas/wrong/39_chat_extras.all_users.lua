-- wrong: "someone is typing" is news for every user online, so it goes to every global {:user, _} but the typer
-- fails: typing(room, name) on node1: the room's other members see it, on every node; not the typer, nor Dave; no history
-- (the rest is the reference's; typing is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function typing(room, name)
  for _, n in ipairs(global.registered_names()) do
    if typeof(n) == "tuple" and n[1] == atom.user and n[2] ~= name then
      server.cast({global = n}, tuple(atom.typing, room, name))
    end
  end
  return atom.ok
end

-- wrong: an indicator is a short message like any other, so it is posted to the room's history too
-- fails: typing(room, name) on node1: the room's other members see it, on every node; not the typer, nor Dave; no history
-- (the rest is the reference's; typing is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

local tell = typing
function typing(room, name)
  post(room, name, name .. " is typing...")
  return tell(room, name)
end

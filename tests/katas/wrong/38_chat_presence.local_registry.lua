-- wrong: a user is online when a process is registered under its name, as whereis tells
-- fails: presence(name): :online for a running user, :offline for an unknown one
-- (the rest is the reference's; presence is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../38_chat_presence.lua")

local start = user_start
function user_start(name)
  local p = start(name)
  if typeof(p) == "pid" then register("user_" .. name, p) end
  return p
end

function presence(name)
  if whereis("user_" .. name) then return atom.online end
  return atom.offline
end

-- wrong: offline means the user's connection is gone, so only a DOWN with :noconnection counts
-- fails: Alice's process crashes, node1 lives on: presence_watch tells, and Alice is offline
-- (the rest is the reference's; presence_watch is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../38_chat_presence.lua")

function presence_watch(name, pid)
  local p = global.whereis_name(tuple(atom.user, name))
  if p == nil then return nil end
  return spawn(function()
    local ref = monitor(p)
    local down = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
    if down[5] == atom.noconnection then send(pid, tuple(atom.presence, name, atom.offline)) end
  end)
end

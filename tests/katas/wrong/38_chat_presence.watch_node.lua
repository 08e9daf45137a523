-- wrong: a user goes offline when its node goes down, so the watcher monitors the user's node
-- fails: Alice's process crashes, node1 lives on: presence_watch tells, and Alice is offline
-- (the rest is the reference's; presence_watch is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../38_chat_presence.lua")

function presence_watch(name, pid)
  local p = global.whereis_name(tuple(atom.user, name))
  if p == nil then return nil end
  local n = node_of(p)
  return spawn(function()
    node.monitor(n, true)
    receive(tuple(atom.nodedown, n))
    send(pid, tuple(atom.presence, name, atom.offline))
  end)
end

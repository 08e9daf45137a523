-- wrong: the watcher belongs beside the user, so it is spawned on the user's node and monitors it there
-- fails: Bob's node is killed: presence_watch tells, and Bob is offline
-- (the rest is the reference's; presence_watch is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../38_chat_presence.lua")

function presence_watch(name, pid)
  local p = global.whereis_name(tuple(atom.user, name))
  if p == nil then return nil end
  return node.spawn(node_of(p), function(p, pid, name)
    local ref = monitor(p)
    receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))
    send(pid, tuple(atom.presence, name, atom.offline))
  end, p, pid, name)
end

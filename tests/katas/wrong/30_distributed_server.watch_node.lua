-- wrong: a call is a send and a receive; watching the server's node is enough to not hang
-- fails: get_state to a server that crashes during the call (its node alive) fails at once, not hanging
-- (start_link is hand_rolled's: a loop under a global name; get_state is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "30_distributed_server.hand_rolled.lua")

function get_state(name)
  local pid = global.whereis_name(name)
  if not pid then error("no process: " .. tostring(name)) end
  node.monitor(node_of(pid), true)
  send(pid, tuple(atom.get_state, self()))
  local n = node_of(pid)
  return receive(when(tuple(atom.state, ANY), function(m) node.monitor(n, false); return m[2] end),
                 when(tuple(atom.nodedown, n), function() error("no connection to node") end))
end

-- wrong: look the name up first; when nobody has it, start the server and register it
-- fails: start_link on three nodes at once, for five names: one server per name, nil for the others
-- (DistributedWorker and get_state are the reference's; start_link is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../30_distributed_server.lua")

function start_link(opts)
  opts = opts or {}
  local name = opts.name or "DistributedWorker"
  if global.whereis_name(name) then return nil, "already started" end
  local pid = server.start(DistributedWorker, opts)
  global.register_name(name, pid)
  return pid
end

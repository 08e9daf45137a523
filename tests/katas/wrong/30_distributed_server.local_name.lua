-- wrong: a name given to server.start reaches the server from any node, local name or global
-- fails: start_link(opts) starts a server whose global name is opts.name
-- fails: get_state(name) from another node reaches the same server
-- (DistributedWorker is the reference's; the names are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../30_distributed_server.lua")

function start_link(opts)
  opts = opts or {}
  return server.start(DistributedWorker, opts, {name = opts.name or "DistributedWorker"})
end

function get_state(name)
  return server.call(name, atom.get_state)
end

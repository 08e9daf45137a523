-- wrong: the state can be read where start_link ran: keep opts in a table beside the server
-- fails: get_state(name) from another node reaches the same server
-- fails: a server started on another node is reached here by its name
-- (DistributedWorker is the reference's; the local table is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../30_distributed_server.lua")

STARTED = {}

function start_link(opts)
  opts = opts or {}
  local name = opts.name or "DistributedWorker"
  local pid, why = server.start(DistributedWorker, opts, {global = name})
  if pid then STARTED[name] = opts end
  return pid, why
end

function get_state(name)
  return STARTED[name]
end

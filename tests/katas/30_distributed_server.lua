-- The reference solution of katas/30_distributed_server.lua (make test
-- grades it: every check must pass).

DistributedWorker = {}

function DistributedWorker.init(opts) return opts end

function DistributedWorker.handle_call(req, _from, state)
  if req == atom.get_state then return state, state end
  return atom.unknown_request, state
end

function start_link(opts)
  opts = opts or {}
  return server.start(DistributedWorker, opts, {global = opts.name or "DistributedWorker"})
end

function get_state(name)
  return server.call({global = name}, atom.get_state)
end

-- scripts/lib/demo/distributed_server.lua: kata 83's Pattern 1, the
-- distributed GenServer, as scripts/kata83/pattern1_server.lua runs it by
-- itself (in its guide the learner loads their own kata 30): a server
-- named in :global, called by that name from any node.

DistributedWorker = {
  init = function(opts) return opts end,     -- the state is the options
  handle_call = function(req, _from, state)
    if req == atom.get_state then return state, state end
    return atom.unknown_request, state
  end,
}

-- name: Keyword.get(opts, :name, __MODULE__)
function start_link(opts)
  opts = opts or {}
  return server.start(DistributedWorker, opts, {global = opts.name or "DistributedWorker"})
end

function get_state(name) return server.call({global = name}, atom.get_state) end

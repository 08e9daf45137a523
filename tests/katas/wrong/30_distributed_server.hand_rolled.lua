-- wrong: a call is a send and a receive: a loop under a global name answers {get_state, from}
-- fails: get_state to a server whose node dies during the call fails at once, not hanging

function start_link(opts)
  opts = opts or {}
  local name, me = opts.name or "DistributedWorker", self()
  local pid = spawn(function()
    local mine = global.register_name(name, self())
    send(me, tuple("started", mine))
    if not mine then return end
    while true do
      local m = receive()
      if m[1] == atom.get_state then send(m[2], tuple(atom.state, opts)) end
    end
  end)
  if receive(tuple("started", ANY))[2] then return pid end
  return nil, "already started"
end

function get_state(name)
  global.send(name, tuple(atom.get_state, self()))
  return receive(tuple(atom.state, ANY))[2]
end

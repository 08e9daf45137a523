-- wrong: a name given when the server starts is known to the whole cluster
-- fails: counter_start() on a node starts the counter there, named counter in the whole cluster
-- fails: a second counter_start(), on another node, gets nil: the name is taken
local callbacks = {}
function callbacks.init(count) return count end
function callbacks.handle_cast(msg, count) return count + 1 end
function callbacks.handle_call(req, from, count) return count, count end

function counter_start()
  return server.start(callbacks, 0, {name = "counter"})
end

function counter_increment()
  return server.cast("counter", atom.increment)
end

function counter_get()
  return server.call("counter", atom.get)
end

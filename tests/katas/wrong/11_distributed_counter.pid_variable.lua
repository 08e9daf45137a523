-- wrong: the pid kept in a variable when the counter starts is there for every node to use
-- fails: counter_get() answers 0 before any increment, from any node
-- (the callbacks and counter_start are the reference's, but the pid is kept in a global)
local callbacks = {}
function callbacks.init(count) return count end
function callbacks.handle_cast(msg, count) return count + 1 end
function callbacks.handle_call(req, from, count) return count, count end

function counter_start()
  local pid, why = server.start(callbacks, 0, {global = "counter"})
  if pid then COUNTER = pid end
  return pid, why
end

function counter_increment()
  return server.cast(COUNTER, atom.increment)
end

function counter_get()
  return server.call(COUNTER, atom.get)
end

-- wrong: an increment is a read of the count then a write of count + 1, each a message to the server
-- fails: 300 counter_increment() at once, from 15 processes on three nodes, lose none
local callbacks = {}
function callbacks.init(count) return count end
function callbacks.handle_call(req, from, count) return count, count end
function callbacks.handle_cast(msg, count) return msg[2] end   -- {:set, value}

function counter_start()
  return server.start(callbacks, 0, {global = "counter"})
end

function counter_increment()
  local count = server.call({global = "counter"}, atom.get)
  server.cast({global = "counter"}, tuple(atom.set, count + 1))
end

function counter_get()
  return server.call({global = "counter"}, atom.get)
end

-- wrong: the count can live in a variable beside the callbacks; the server only has to change it
-- fails: a counter started again on the node of the one that crashed counts from 0
-- (counter_increment and counter_get are the reference's; the callbacks are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../11_distributed_counter.lua")

local count = 0
local callbacks = {}
function callbacks.init() return atom.unused end
function callbacks.handle_cast(msg, state) count = count + 1; return state end
function callbacks.handle_call(req, from, state) return count, state end

function counter_start()
  return server.start(callbacks, nil, {global = "counter"})
end

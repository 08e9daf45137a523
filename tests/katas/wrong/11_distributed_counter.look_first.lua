-- wrong: look the name up first; if nobody has it, start the counter and register it
-- fails: counter_start() raced by 9 processes on three nodes after the crash: one starts, and every node finds it
-- (counter_increment and counter_get are the reference's; counter_start is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../11_distributed_counter.lua")

local callbacks = {}
function callbacks.init(count) return count end
function callbacks.handle_cast(msg, count) return count + 1 end
function callbacks.handle_call(req, from, count) return count, count end

function counter_start()
  if global.whereis_name("counter") then return nil, "the counter is already running" end
  local pid = server.start(callbacks, 0)
  global.register_name("counter", pid)
  return pid
end

-- wrong: a global name is looked up once; after that each node keeps the pid it found
-- fails: after the restart, counter_get() on every node reaches the new counter, at 0
-- (counter_start is the reference's; increment and get use the pid kept on each node)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../11_distributed_counter.lua")

local counter

local function the_counter()
  counter = counter or global.whereis_name("counter")
  if counter == nil then error("no counter running", 0) end
  return counter
end

function counter_increment()
  return server.cast(the_counter(), atom.increment)
end

function counter_get()
  return server.call(the_counter(), atom.get)
end

-- wrong: a counter that is gone counts 0, so counter_get should say so instead of failing
-- fails: when the counter crashes, counter_get() fails and its name is gone
-- (counter_start and counter_increment are the reference's; counter_get is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../11_distributed_counter.lua")

function counter_get()
  local ok, count = pcall(server.call, {global = "counter"}, atom.get)
  if ok then return count end
  return 0
end

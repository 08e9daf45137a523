-- wrong: node.self() names the node of the code that calls it, wherever the function then runs
-- fails: factorial_on(n, x) is x!, computed on n, and n names itself
-- (the rest is the reference's; factorial_on is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function factorial_on(n, x)
  local caller, where = self(), node.self()
  node.spawn(n, function()
    local f = 1
    for i = 2, x do f = f * i end
    send(caller, tuple(atom.factorial, f, where))
  end)
  local m = receive(tuple(atom.factorial, ANY, ANY), 1000)
  if m then return m[2], m[3] end
end

-- wrong: a function sent to another node takes my globals with it
-- fails: remote_sum(n, upto) is computed on n: no answer while n is paused
-- fails: remote_sum(n, upto) of millions of numbers: n sums them (its CPU time grows), not this node
-- fails: factorial_on(n, x) is x!, computed on n, and n names itself
-- (sum_everywhere and round_trip are the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function factorial(x)
  local f = 1
  for i = 2, x do f = f * i end
  return f
end

function remote_sum(n, upto)
  UPTO, CALLER = upto, self()
  node.spawn(n, function()
    local result = 0
    for i = 1, UPTO do result = result + i end
    send(CALLER, tuple(atom.result, result))
  end)
  local m = receive(tuple(atom.result, ANY), 1000)
  return m and m[2]
end

function factorial_on(n, x)
  local caller = self()
  node.spawn(n, function() send(caller, tuple(atom.factorial, factorial(x), node.self())) end)
  local m = receive(tuple(atom.factorial, ANY, ANY), 1000)
  if m then return m[2], m[3] end
end

-- wrong: a process on another node always answers, so receive can wait for it with no after clause
-- fails: hello_from of a node that is not running is nil: nothing came
-- fails: everywhere(nodes) with a node that is not running lists only the nodes that answered
-- (send_to is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function hello_from(n)
  local caller = self()
  node.spawn(n, function() send(caller, tuple(atom.hello, node.self())) end)
  return receive(tuple(atom.hello, ANY))
end

function everywhere(nodes)
  local caller = self()
  for _, n in ipairs(nodes) do
    node.spawn(n, function() send(caller, tuple(atom.hello, node.self())) end)
  end
  local names = {}
  for _ = 1, #nodes do names[#names + 1] = receive(tuple(atom.hello, ANY))[2] end
  table.sort(names)
  return names
end

-- wrong: self() in the function I spawn still means me, the caller
-- fails: hello_from(n) gets {:hello, n} from a process spawned on n
-- fails: hello_from(n)'s answer comes from n: none while n is paused
-- fails: everywhere(nodes) hears from every node, this one too
-- fails: everywhere(nodes) with a node that is not running lists only the nodes that answered
-- (send_to is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function hello_from(n)
  node.spawn(n, function() send(self(), tuple(atom.hello, node.self())) end)
  return receive(tuple(atom.hello, ANY), 1000)
end

function everywhere(nodes)
  for _, n in ipairs(nodes) do
    node.spawn(n, function() send(self(), tuple(atom.hello, node.self())) end)
  end
  local names = {}
  for _ = 1, #nodes do
    local m = receive(tuple(atom.hello, ANY), 300)
    if m then names[#names + 1] = m[2] end
  end
  table.sort(names)
  return names
end

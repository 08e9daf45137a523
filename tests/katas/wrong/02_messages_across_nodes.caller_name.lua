-- wrong: node.self() names the node where I write it, even inside a function that runs on n
-- fails: hello_from(n) gets {:hello, n} from a process spawned on n
-- fails: hello_from(n)'s answer comes from n: none while n is paused
-- fails: everywhere(nodes) hears from every node, this one too
-- fails: everywhere(nodes) with a node that is not running lists only the nodes that answered
-- (send_to is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function hello_from(n)
  local caller, me = self(), node.self()
  if not node.spawn(n, function() send(caller, tuple(atom.hello, me)) end) then return nil end
  return receive(tuple(atom.hello, ANY), 1000)
end

function everywhere(nodes)
  local names = {}
  for _, n in ipairs(nodes) do
    local m = hello_from(n)
    if m then names[#names + 1] = m[2] end
  end
  table.sort(names)
  return names
end

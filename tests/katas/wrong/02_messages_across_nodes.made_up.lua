-- wrong: n's answer is known in advance (node() there is n), so there is no need to ask it
-- fails: hello_from(n)'s answer comes from n: none while n is paused
-- fails: hello_from of a node that is not running is nil: nothing came
-- fails: everywhere(nodes) hears from every node, this one too
-- fails: everywhere(nodes) with a node that is not running lists only the nodes that answered
-- (send_to is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function hello_from(n)
  return tuple(atom.hello, n)
end

function everywhere(nodes)
  local names = {table.unpack(nodes)}
  table.sort(names)
  return names
end

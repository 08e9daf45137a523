-- wrong: everywhere means every node of the cluster: this one and node.list(), whatever list I am given
-- fails: everywhere(nodes) with a node that is not running lists only the nodes that answered
-- (send_to and hello_from are the reference's; everywhere asks the reference's of the wrong nodes)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

local ask_each = everywhere

function everywhere(nodes)
  local all = node.list()
  all[#all + 1] = node.self()
  return ask_each(all)
end

-- wrong: once node.spawn has given a pid, n is there and its answer is known (node() there is n)
-- fails: hello_from(n) names the node it ran on, not the n it was given (here an atom, as in Elixir)
-- fails: everywhere(nodes) names the nodes the answers came from, not the list it was given
-- (send_to is the reference's)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

local function up(n) return node.spawn(n, function() end) ~= nil end

function hello_from(n)
  if up(n) then return tuple(atom.hello, n) end
end

function everywhere(nodes)
  local names = {}
  for _, n in ipairs(nodes) do
    if up(n) then names[#names + 1] = n end
  end
  table.sort(names)
  return names
end

-- wrong: node.ping tells whether a node is there, without side effects
-- fails: kind_of(n) says visible, hidden or none, and connects nothing
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../05_hidden_nodes.lua")

local function has(list, n)
  for _, x in ipairs(list) do if x == n then return true end end
  return false
end

function kind_of(n)
  if node.ping(n) == "pang" then return "none" end
  if has(node.list("hidden"), n) then return "hidden" end
  return "visible"
end

-- The reference solution of katas/05_hidden_nodes.lua (make test grades
-- it: every check must pass).

function everyone()
  local all = node.list("connected")
  table.sort(all)
  return all
end

local function has(list, n)
  for _, x in ipairs(list) do if x == n then return true end end
  return false
end

function kind_of(n)
  if has(node.list("visible"), n) then return "visible" end
  if has(node.list("hidden"), n) then return "hidden" end
  return "none"
end

function cluster_view(n)
  local view = rpc.call(n, node.list, {}, 1000) or {}
  view[#view + 1] = n
  table.sort(view)
  return view
end

function bridge(a, b)
  return rpc.call(a, node.connect, {b}, 1000) == true
end

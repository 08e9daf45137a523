-- The reference solution of katas/04_per_node_cookies.lua (make test grades
-- it: every check must pass).

function connect_with_cookie(n, cookie)
  node.set_cookie(n, cookie)
  return node.connect(n) == true
end

-- The others first: when this node connects to n, the full mesh has them
-- connect to n as well, and they need its cookie by then.
function introduce(n, cookie)
  for _, m in ipairs(node.list()) do
    rpc.call(m, node.set_cookie, {n, cookie}, 1000)
  end
  connect_with_cookie(n, cookie)
  for _, m in ipairs(node.list()) do
    if m ~= n then rpc.call(m, node.connect, {n}, 1000) end
  end
  return true
end

function connect_from_file(n, path)
  local f = io.open(path)
  if not f then return false end
  local cookie = f:read("l")
  f:close()
  return cookie ~= nil and connect_with_cookie(n, cookie)
end

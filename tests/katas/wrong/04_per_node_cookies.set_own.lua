-- wrong: to reach a node with another cookie, take that cookie as your own
-- fails: connect_with_cookie leaves this node's own cookie as it was
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../04_per_node_cookies.lua")

function connect_with_cookie(n, cookie)
  node.set_cookie(cookie)
  return node.connect(n) == true
end

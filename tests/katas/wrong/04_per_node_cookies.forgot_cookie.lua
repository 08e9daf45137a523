-- wrong: nodes on one machine share a cookie anyway, so connecting is enough (pitfall 2)
-- fails: connect_with_cookie(n, its cookie) connects to a node whose cookie is not ours
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../04_per_node_cookies.lua")

function connect_with_cookie(n, cookie)
  return node.connect(n) == true
end

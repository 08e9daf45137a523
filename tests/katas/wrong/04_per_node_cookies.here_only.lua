-- wrong: the full mesh is transitive: connect n here and the others follow
-- fails: introduce(n, cookie) joins n to every node of the cluster
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../04_per_node_cookies.lua")

function introduce(n, cookie)
  return connect_with_cookie(n, cookie)
end

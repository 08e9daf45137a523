-- wrong: a connect with the wrong cookie raises an error, so pcall tells success
-- fails: connect_with_cookie with a wrong cookie returns false, without an error, and does not connect
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../04_per_node_cookies.lua")

function connect_with_cookie(n, cookie)
  return (pcall(function()
    node.set_cookie(n, cookie)
    node.connect(n)
  end))
end

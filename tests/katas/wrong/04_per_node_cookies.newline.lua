-- wrong: the cookie file's content is the cookie, as it is
-- fails: connect_from_file(n, path) reads a cookie file as erl does: one line, without its newline
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../04_per_node_cookies.lua")

function connect_from_file(n, path)
  local f = io.open(path)
  if not f then return false end
  local cookie = f:read("a")
  f:close()
  return connect_with_cookie(n, cookie)
end

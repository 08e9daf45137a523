-- wrong: any exit reason will do to end a worker; the reason is only a label
-- fails: "done" ends one worker normally; its partner lives on
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

local function worker()
  while true do
    local m = receive()
    if m == "stop" or m == "done" then exit(m) end
  end
end

function start_pair(a, b)
  local pa = node.spawn(a, worker)
  local caller = self()
  node.spawn(b, function()
    link(pa)
    send(caller, tuple("linked", self()))
    worker()
  end)
  local m = receive(tuple("linked", ANY), 1000)
  return pa, m and m[2]
end

-- wrong: links work within a node only; across nodes a worker tells its partner itself
-- fails: start_pair puts one worker on each node, linked to each other
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

local function worker(partner)
  while true do
    local m = receive()
    if typeof(m) == "tuple" and m[1] == "partner" then partner = m[2] end
    if m == "stop" then
      if partner then send(partner, "stop") end
      exit(atom.shutdown)
    end
    if m == "done" then return end
  end
end

function start_pair(a, b)
  local pa = node.spawn(a, worker)
  local pb = node.spawn(b, worker, pa)
  send(pa, tuple("partner", pb))
  return pa, pb
end

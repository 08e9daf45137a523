-- wrong: when a linked process ends, its partner ends too, whatever the reason
-- fails: "stop" to one worker ends both
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function pair_worker()
  while true do
    local m = receive()
    if m == "stop" or m == "done" then return end
  end
end

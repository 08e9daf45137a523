-- wrong: any exit reason will do to end a worker; the reason is only a label
-- fails: "done" ends one worker normally; its partner lives on
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../14_remote_links.lua")

function pair_worker()
  while true do
    local m = receive()
    if m == "stop" or m == "done" then exit(m) end
  end
end

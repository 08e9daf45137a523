-- wrong: every node already has every message, so a node that restarts has them too
-- fails: node1 restarts on a new machine: its monitor_start gets the history back from the survivors, once
-- (the rest is the reference's; recover is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../37_chat_store.lua")

function recover() return 0 end

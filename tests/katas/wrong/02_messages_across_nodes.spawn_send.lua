-- wrong: a name registered on n is only known there, so the send must run on n, in a process spawned there
-- fails: send_to(name, n, msg) returns at once, even while n is paused: a send does not wait for n
-- (hello_from and everywhere are the reference's; send_to is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function send_to(name, n, msg)
  node.spawn(n, function() send(name, msg) end)
end

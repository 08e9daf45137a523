-- wrong: a registered name finds its process from any node, as a pid does
-- fails: send_to(name, n, msg) reaches the process registered as name on n, not the one here
-- fails: messages from send_to arrive in the order they were sent
-- (hello_from and everywhere are the reference's; send_to is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function send_to(name, n, msg)
  send(name, msg)
end

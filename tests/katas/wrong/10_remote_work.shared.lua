-- wrong: a message passes a reference, so the value that went to n is the one I still hold
-- fails: round_trip(n, value) brings back a large structure whole, as a copy that went through n (its CPU time grows)
-- (the rest is the reference's; round_trip is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../10_remote_work.lua")

function round_trip(n, value)
  local echo = node.spawn(n, function()
    local m = receive()
    send(m[1], atom.ok)
  end)
  send(echo, tuple(self(), value))
  receive(atom.ok, 2000)
  return value
end

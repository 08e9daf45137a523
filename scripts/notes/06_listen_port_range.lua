-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): nodes listen on
-- random ports unless inet_dist_listen_min/max say otherwise (here
-- --dist-listen-min/--dist-listen-max). With min = max, only one node of
-- the machine can listen there: a second one cannot start, and says why.
-- The port is picked at random (again if taken), so that runs never meet.
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.3: the listen port range",
  seed = "002_40742fe30838badd.txt, 12.3 (inet_dist_listen_min/max)",
  nodes = { "node1" },
  steps = {
    { say = "Pick one port (below the kernel's ephemeral range; another if that one is taken) and start p1 on it: repl --sname p1 --dist-listen-min PORT --dist-listen-max PORT.",
      on = "node1", type = [[for try = 1, 10 do
  port = tostring(math.random(20000, 32000))
  range = {"--dist-listen-min", port, "--dist-listen-max", port}
  p1 = peer.start{name = "p1", args = range}
  if p1 then break end
end
return p1.node]],
      expect = [["p1@HOST"]], check = [["p1@HOST"]] },
    { say = "A second node with the same one-port range cannot listen: it does not start, and says why.",
      on = "node1", type = [[peer.start{name = "p2", args = range}]],
      expect = "nil, and a sentence that the port is taken",
      check = function(h, why) return h == nil and type(why) == "string" and why:find("p2", 1, true) ~= nil end },
    { say = "p1 is still fine.",
      on = "node1", type = [[node.ping("p1@HOST")]], expect = [["pong"]], check = [["pong"]] },
    { on = "node1", type = [[peer.stop(p1)]], expect = "true", check = "true" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), sending to remote processes:
-- by registered name, send({:my_server, :bob@hostname}, {:hello, "from
-- alice"}) is send(tuple("my_server", "bob@HOST"), tuple(atom.hello, "from
-- alice")); by pid, send(remote_pid, :ping) is send(p, atom.ping).
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: remote send, by name and by pid",
  seed = "000_d3057ad8855411e3.txt, Remote Communication / Sending Messages",
  nodes = { "alice", "bob" },
  steps = {
    { say = "bob's shell takes the name my_server.",
      on = "bob", type = [[register("my_server", self())]], expect = "true", check = "true" },
    { say = "By name: {name, node}. (send connects when needed.)",
      on = "alice", type = [[send(tuple("my_server", "bob@HOST"), tuple(atom.hello, "from alice"))]],
      expect = [[{:hello, "from alice"}]], check = [[{:hello, "from alice"}]] },
    { on = "bob", type = [[receive(2000)]], expect = [[{:hello, "from alice"}]], check = [[{:hello, "from alice"}]] },
    { say = "By pid: alice's shell takes a name, so bob can send her his pid...",
      on = "alice", type = [[register("shell", self())]], expect = "true", check = "true" },
    { on = "bob", type = [[send(tuple("shell", "alice@HOST"), self())]], expect = "bob's pid",
      check = function(p) return typeof(p) == "pid" end },
    { say = "...and alice sends :ping to that pid.",
      on = "alice", type = [[remote_pid = receive(2000)
return send(remote_pid, atom.ping)]], expect = ":ping", check = ":ping" },
    { on = "bob", type = [[receive(2000)]], expect = ":ping", check = ":ping" },
  },
}

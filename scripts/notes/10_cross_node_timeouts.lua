-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): put a timeout
-- on everything that waits on another node, since a slow node and a dead
-- one look alike from here. :rpc.call(node, m, f, a, 500) is
-- rpc.call(node, fn, {}, 500): nil and {:badrpc, :timeout} when no answer
-- comes in time; receive ... after 500 is receive(500); and the
-- GenServer-like server.call takes a timeout too (it raises, as
-- GenServer.call exits).
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.2: timeouts on cross-node calls",
  seed = "002_40742fe30838badd.txt, 12.2 (timeout constraints)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "node2 is slow: a function that takes 2 seconds, called with a 300 ms limit.",
      on = "node1", type = [[rpc.call("node2@HOST", function() sleep(2000) return "done" end, {}, 300)]],
      expect = "nil, {:badrpc, :timeout}",
      check = function(v, err) return v == nil and typeof(err) == "tuple" and err[1] == atom.badrpc and err[2] == atom.timeout end },
    { say = "A fast one is answered well within the limit.",
      on = "node1", type = [[rpc.call("node2@HOST", "string", "upper", {"in time"}, 300)]],
      expect = [["IN TIME"]], check = [["IN TIME"]] },
    { say = "Waiting for a message that never comes: receive ... after 300.",
      on = "node1", type = [[send(tuple("nobody", "node2@HOST"), "hello?")
return receive(300)]], expect = "nil", check = "nil" },
    { say = "A server that never answers: server.call with a 300 ms timeout raises (GenServer.call exits).",
      on = "node2", type = [[server.start({handle_call = function(req, from, s) return server.NOREPLY, s end}, 0, {name = "mute"})]],
      expect = "a pid", check = function(p) return typeof(p) == "pid" end },
    { on = "node1", type = [[pcall(server.call, tuple("mute", "node2@HOST"), "ping", 300)]],
      expect = [[false, "... time out ..."]],
      check = function(ok, err) return ok == false and tostring(err):find("time out", 1, true) ~= nil end },
  },
}

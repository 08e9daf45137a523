-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): ticks. Connected
-- nodes send each other a tick when they have nothing else to say (every
-- ticktime/4); a node that misses 4 of them, silent for the whole ticktime,
-- is taken for down and nodedown follows. A frozen node (kill -STOP: alive
-- to the OS, deaf to the network) is what ticks are for.
-- Both nodes need the short ticktime (each judges the silence of the other
-- with its own), so the drill's terminal starts two peers with
-- --net-ticktime 2: sleepy, which it freezes, and watcher, which monitors
-- sleepy and says "nodedown" on its output, which peer.start's output
-- function passes to the shell as a message.
local drill = require "repl.drill"

drill.run {
  title = "Reading notes 12.1: ticks, and a frozen node taken for down",
  seed = "002_40742fe30838badd.txt, 12.1 (tick messages, 4 missed ticks)",
  nodes = { "node1" },
  steps = {
    { say = "Start sleepy with a 2-second ticktime (as `repl --sname sleepy --net-ticktime 2`).",
      on = "node1", type = [[sleepy = peer.start{name = "sleepy", ticktime = 2, connect = false}
return sleepy.node]],
      expect = [["sleepy@HOST"]], check = [["sleepy@HOST"]] },
    { say = "Start watcher, also at 2 seconds; it connects to sleepy and monitors it (Node.connect, Node.monitor/2) and prints nodedown when it comes. Its lines come to this shell as messages.",
      on = "node1", type = [=[me = self()
watcher = peer.start{name = "watcher", ticktime = 2, connect = false,
  output = function(line) send(me, line) end,
  args = {"-e", [[print(node.connect("sleepy@HOST") and node.monitor("sleepy@HOST", true) and "watching")
    receive(tuple(atom.nodedown, ANY)) print("nodedown")]]}}
return receive(5000)]=],
      expect = [["watching"]], check = [["watching"]] },
    { say = "Freeze sleepy (kill -STOP, in another terminal `kill -STOP <its pid>`) and count the milliseconds until watcher says nodedown; then thaw it (kill -CONT).",
      on = "node1", type = [[os.execute("kill -STOP " .. sleepy.os_pid)
waited, line = 0, nil
repeat line = receive(100); waited = waited + 100 until line or waited >= 10000
os.execute("kill -CONT " .. sleepy.os_pid)
return line, waited]],
      wait = 15000,
      expect = [["nodedown", 2000 to 2500 (ms: the ticktime, 4 ticks of 500 ms missed, seen at the next 500 ms tick)]],
      check = function(line, waited)
        return line == "nodedown" and waited >= 1500 and waited <= 4000,
          "expected nodedown after 1500 to 4000 ms, got " .. tostring(line) .. " after " .. tostring(waited)
      end },
    { say = "Nothing told watcher why sleepy went silent: a frozen node, a cut cable and a crash look the same. Stop both.",
      on = "node1", type = [[peer.stop(watcher), peer.stop(sleepy)]], expect = "true, true", check = "true, true" },
  },
}

-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): ticks. Connected
-- nodes send each other a tick when they have nothing else to say (every
-- ticktime/4); a node that misses 4 of them, silent for the whole ticktime,
-- is taken for down and nodedown follows. A frozen node (kill -STOP: alive
-- to the OS, deaf to the network) is what ticks are for. Both terminals run
-- with --net-ticktime 2 (each node judges the other's silence by its own
-- ticktime), so it takes about 2 seconds instead of 60.
local drill = require "repl.drill"

-- An act: sends sleepy a signal as the learner's third terminal would.
local function signal(sig)
  return function(ctx)
    local cmd = "kill -" .. sig .. " " .. ctx.peers.sleepy.os_pid
    print("$ " .. cmd)
    os.execute(cmd)
  end
end

drill.run {
  title = "Reading notes 12.1: ticks, and a frozen node taken for down",
  seed = "002_40742fe30838badd.txt, 12.1 (tick messages, 4 missed ticks)",
  nodes = { { name = "watcher", ticktime = 2 }, { name = "sleepy", ticktime = 2 } },
  steps = {
    { say = "Both nodes tick every 500 ms (a quarter of 2 s).",
      on = "watcher", type = [[node.ticktime()]], expect = "2", check = "2" },
    { say = "watcher connects to sleepy and monitors it (Node.monitor/2).",
      on = "watcher", type = [[node.connect("sleepy@HOST"), node.monitor("sleepy@HOST", true)]],
      expect = "true, true", check = "true, true" },
    { say = "Freeze sleepy: in a third terminal, kill -STOP its OS pid (sleepy's shell: io.open(\"/proc/self/stat\"):read(\"n\")).",
      act = signal("STOP") },
    { say = "watcher counts the milliseconds until nodedown comes: about the ticktime.",
      on = "watcher", type = [[waited, m = 0, nil
repeat
  m = receive(tuple(atom.nodedown, "sleepy@HOST"), 100); waited = waited + 100
until m or waited >= 10000
return m, waited]], wait = 15000,
      expect = [[{:nodedown, "sleepy@HOST"}, 2000 to 2500 (4 ticks of 500 ms missed, seen at the next tick)]],
      check = function(m, waited)
        return typeof(m) == "tuple" and m[1] == atom.nodedown and waited >= 1500 and waited <= 4000,
          "expected nodedown after 1500 to 4000 ms, got " .. tostring(waited)
      end },
    { say = "Thaw sleepy: kill -CONT. Nothing told watcher why sleepy went silent: a frozen node, a cut cable and a crash look the same.",
      act = signal("CONT") },
    { say = "sleepy is back: it can be reached again.",
      on = "watcher", type = [[node.ping("sleepy@HOST")]], expect = [["pong"]], check = [["pong"]] },
  },
}

-- Learning exercises, Drill 5: distributed links and monitors (seed
-- 004_01a4f6805bed991c.txt). node2 monitors a process of node1's and gets
-- DOWN with :normal when it ends; monitors a process of node3's and gets
-- DOWN with :noconnection when node3 dies, along with node.monitor's
-- nodedown; then links across nodes, and what a crash does to the linked.
-- Elixir -> Lua: Process.monitor(pid) is monitor(pid); the message
-- {:DOWN, ref, :process, pid, reason} is tuple(atom.DOWN, ref,
-- atom.process, pid, reason); Node.monitor(n, true) is node.monitor(n,
-- true), and its message {:nodedown, n}; Process.flag(:trap_exit, true) is
-- trap_exit(true). In iex you would copy node1's pid into node2's shell
-- by hand; here node1 names the process globally and node2 looks it up.
--   repl scripts/exercises/drill5_links_monitors.lua     runs it by itself
--   repl --sname node1 -i scripts/exercises/drill5_links_monitors.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end
local function is_pid_of(p, name) return typeof(p) == "pid" and node_of(p) == at(name) end

drill.run {
  title = "Learning exercises, Drill 5: distributed links and monitors",
  seed = "004_01a4f6805bed991c.txt, Drill 5",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "Connect node2 to node1 and node3.",
      on = "node2", type = [[return node.connect("node1@HOST"), node.connect("node3@HOST")]],
      expect = "true, true", check = function(a, b) return a == true and b == true end },
    { say = "On node1, start a process that waits for :stop, and name it so that node2 can find it.",
      on = "node1", type = [[
pid = spawn(function()
  receive(atom.stop)
end)
return global.register_name("waiter", pid)]],
      expect = "true", check = function(ok) return ok == true end },
    { say = "On node2, monitor the remote process (Process.monitor(pid)).",
      on = "node2", type = [[pid = global.whereis_name("waiter"); ref = monitor(pid); return ref]],
      expect = "#Ref<...>", check = function(r) return typeof(r) == "ref" end },
    { say = "On node1, stop the process.",
      on = "node1", type = [[send(pid, atom.stop)]], expect = ":stop",
      check = function(m) return m == atom.stop end },
    { say = "On node2, the DOWN message: the process ended with :normal.",
      on = "node2", type = [[receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 2000)]],
      expect = "{:DOWN, #Ref<...>, :process, <N.NN.0>, :normal} (N not 0: a pid of another node)",
      check = function(m) return typeof(m) == "tuple" and m[3] == atom.process
        and is_pid_of(m[4], "node1") and m[5] == atom.normal end },
    { say = "Node disconnection: on node3, another waiting process, named too.",
      on = "node3", type = [[return global.register_name("waiter3", spawn(function() receive(atom.stop) end))]],
      expect = "true", check = function(ok) return ok == true end },
    { say = "On node2, monitor it; and (exercise 3) monitor node3 itself: Node.monitor(:node3@localhost, true).",
      on = "node2", type = [[
remote_pid = global.whereis_name("waiter3")
ref3 = monitor(remote_pid)
return node.monitor("node3@HOST", true)]],
      expect = "true", check = function(ok) return ok == true end },
    { say = "Crash the remote node: node3 is killed (kill -9, as a machine that dies: close terminal node3, or kill its repl).",
      on = "node3", act = function(ctx) ctx.kill("node3") end },
    { say = "On node2, the DOWN message says :noconnection: node2 cannot know how the process ended, only that its node is gone.",
      on = "node2", type = [[receive(tuple(atom.DOWN, ref3, ANY, ANY, ANY), 5000)]],
      expect = "{:DOWN, #Ref<...>, :process, <...>, :noconnection}",
      check = function(m) return typeof(m) == "tuple" and m[5] == atom.noconnection end },
    { say = "Exercise 4: and what message does the node monitor bring? {:nodedown, node}.",
      on = "node2", type = [[receive(tuple(atom.nodedown, ANY), 5000)]],
      expect = [[{:nodedown, "node3@HOST"}]],
      check = function(m) return typeof(m) == "tuple" and m[2] == at("node3") end },
    { say = "Exercise 1: link two processes on different nodes. node2 spawns on node1 a linked process that crashes when told to. The shell traps exits, so the crash comes to it as a message; partner, a plain process on node2, links to it too.",
      on = "node2", type = [[
trap_exit(true)
victim = node.spawn_link("node1@HOST", function()
  receive()
  error("crashed on purpose")
end)
partner = spawn(function() link(victim); receive() end)
sleep(50)
return is_alive(partner)]],
      expect = "true", check = function(a) return a == true end },
    { say = "Exercise 2: crash one. What happens to the other?",
      on = "node2", type = [[send(victim, "crash"); sleep(200); return is_alive(partner)]],
      expect = "false: partner, linked and not trapping exits, died with it, across the network",
      check = function(a) return a == false end },
    { say = "The shell, trapping exits, got the exit signal as a message instead of dying.",
      on = "node2", type = [[receive(tuple(atom.EXIT, victim, ANY), 2000)]],
      expect = [[{:EXIT, <N.NN.0>, "...crashed on purpose"}]],
      check = function(m) return typeof(m) == "tuple" and tostring(m[3]):find("crashed on purpose", 1, true) ~= nil end },
    { say = "Exercise 5: a link is two-way and kills (unless trapped): use it for processes that must live and die together. A monitor is one-way and only informs: use it to watch a process on another node without tying your fate to it. Across nodes both fire on node loss too, with :noconnection.",
      on = "node2", type = [[trap_exit(false)]], expect = "true (it was trapping)",
      check = function(was) return was == true end },
  },
}

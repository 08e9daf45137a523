-- Kata 83 (seed 000_d3057ad8855411e3.txt), Node.spawn/2 and
-- Node.spawn_link/2. node.spawn("bob@HOST", fn) returns a pid of bob's
-- (its first number not 0); what it prints shows on alice's terminal.
-- spawn_link's link crosses the network: when the remote process raises,
-- the local one linked to it crashes too. Not the shell here (the drill
-- needs it): a local process of alice's does the spawn_link, and alice's
-- shell monitors it to see it die.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: Node.spawn and Node.spawn_link",
  seed = "000_d3057ad8855411e3.txt, Remote Communication / Node.spawn/2",
  nodes = { "alice", "bob" },
  steps = {
    { say = "Spawn on bob a process that says where it runs.",
      on = "alice", type = [[node.spawn("bob@HOST", function() print("Running on " .. node.self()) end)]],
      expect = "a pid of bob's, such as <1.86.0> (its first number is not 0), and Running on bob@HOST",
      check = function(p) return typeof(p) == "pid" and node_of(p) == "bob@" .. drill.host() end,
      output = "Running on bob@HOST" },
    { say = "Spawn with link, from a local process: the remote process raises boom! after 100 ms...",
      on = "alice", type = [[local_proc = spawn(function()
  node.spawn_link("bob@HOST", function() sleep(100) error("boom!") end)
  receive()        -- waits for ever; only the link can end it
end)
ref = monitor(local_proc)
return is_alive(local_proc)]], expect = "true", check = "true" },
    { say = "...and the local process dies of the same reason (the crash propagated over the link).",
      on = "alice", type = [[receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 3000)]],
      expect = [[{:DOWN, #Ref<...>, :process, <0...>, "...: boom!"}]],
      check = function(m) return typeof(m) == "tuple" and type(m[5]) == "string" and m[5]:find("boom!", 1, true) ~= nil end },
  },
}

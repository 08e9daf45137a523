-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): EPMD, the Erlang
-- Port Mapper Daemon, is how nodes find each other: each node listens on a
-- random port and tells epmd its name and port; a node that connects asks
-- epmd first. `epmd -names` is `repl --epmd --names` here (in another
-- terminal). This drill runs on an epmd port of its own (--epmd-port, or
-- ERL_EPMD_PORT), so the command is given that port.
local drill = require "repl.drill"

local names      -- what --epmd --names printed, for the check

-- The repl binary that runs this drill, and the epmd port its peers use.
local function epmd_names()
  local port = _peer.epmd_port()       -- the C half of the peer module knows it
  local exe = io.popen("readlink /proc/" .. _peer.getpid() .. "/exe"):read("l")
  local p = assert(io.popen(exe .. " --epmd --names --epmd-port " .. port .. " 2>&1"))
  names = p:read("a")
  p:close()
  print("$ repl --epmd --names   (epmd on port " .. port .. ")")
  io.write(names)
end

drill.run {
  title = "Reading notes 12.3: EPMD knows every node of the host",
  seed = "002_40742fe30838badd.txt, 12.3 (EPMD, random ports)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "In a third terminal: repl --epmd --names. Both nodes are listed, each with the port it listens on.",
      act = function()
        epmd_names()
        assert(names:find("node1", 1, true) and names:find("node2", 1, true),
          "repl --epmd --names did not list node1 and node2")
      end },
    { say = "node1 needs only node2's name to connect: epmd tells it the port.",
      on = "node1", type = [[node.connect("node2@HOST")]], expect = "true", check = "true" },
  },
}

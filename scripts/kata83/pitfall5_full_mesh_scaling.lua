-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 5: a full mesh does not
-- scale well beyond 50-100 nodes. n nodes keep n(n-1)/2 connections, each
-- with its ticks, and each new node connects to all the others. Here alice
-- grows a cluster of peers and counts the connections (every node's
-- node.list(), summed, halved): 3, then 15, then 45.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83, pitfall 5: full mesh scaling",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 5",
  nodes = { "alice" },
  steps = {
    { say = "Two helpers: grow(n) starts peers until alice has n of them; connections() counts the cluster's connections once the mesh has formed.",
      on = "alice", type = [[peers = {}
function grow(n)
  while #peers < n do peers[#peers + 1] = peer.start{name = "n" .. (#peers + 1)} end
end
function connections()
  local total = #node.list()
  for _, h in ipairs(peers) do
    total = total + rpc.call(h.node, function() return #node.list() end)
  end
  return total // 2
end
function settled(nodes)       -- wait (up to 2 s) for the mesh of nodes
  for i = 1, 200 do
    if connections() == nodes * (nodes - 1) // 2 then break end
    sleep(10)
  end
  return connections()
end]] },
    { say = "3 nodes (alice and 2 peers): 3 connections.",
      on = "alice", type = [[grow(2)
return settled(3)]], expect = "3", check = "3" },
    { say = "6 nodes: 15 connections.",
      on = "alice", type = [[grow(5)
return settled(6)]], expect = "15", check = "15" },
    { say = "10 nodes: 45 connections. At 100 nodes it would be 4950, every one ticking.",
      on = "alice", type = [[grow(9)
return settled(10)]], expect = "45", check = "45", wait = 15000 },
    { say = "Hidden nodes (or another topology) keep a node out of the mesh. Stop the peers.",
      on = "alice", type = [[for _, h in ipairs(peers) do peer.stop(h) end
return #peer.list()]], expect = "0", check = "0" },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), full mesh: when alice connects
-- to bob and bob is already connected to carol, alice connects to carol by
-- herself. Two edges made by hand, three connections in the end: every
-- node sees every other.
local drill = require "repl.drill"

-- The other two nodes, sorted, as a node's node.list() should show them.
local function others(me)
  return function(l)
    local want, got = {}, {}
    for _, n in ipairs({ "alice", "bob", "carol" }) do
      if n ~= me then want[#want + 1] = n .. "@" .. drill.host() end
    end
    for i, n in ipairs(l) do got[i] = n end
    table.sort(got)
    return table.concat(got, " ") == table.concat(want, " "), "expected " .. table.concat(want, ", ")
  end
end

-- A node's list once the mesh has formed: the connections it makes by
-- itself arrive a moment later, so wait for 2 (up to a second).
local WAIT_FOR_TWO = [[for i = 1, 100 do
  if #node.list() == 2 then break end
  sleep(10)
end
return node.list()]]

drill.run {
  title = "Kata 83: the full mesh",
  seed = "000_d3057ad8855411e3.txt, Distributed Topology / Full Mesh",
  nodes = { "alice", "bob", "carol" },
  steps = {
    { say = "First edge: bob to carol.",
      on = "bob", type = [[node.connect("carol@HOST")]], expect = "true", check = "true" },
    { say = "Second edge: alice to bob.",
      on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "alice sees carol too, though nobody connected them by hand.",
      on = "alice", type = WAIT_FOR_TWO, expect = [=[["bob@HOST", "carol@HOST"]]=], check = others("alice") },
    { on = "bob", type = WAIT_FOR_TWO, expect = [=[["alice@HOST", "carol@HOST"]]=], check = others("bob") },
    { on = "carol", type = WAIT_FOR_TWO, expect = [=[["alice@HOST", "bob@HOST"]]=], check = others("carol") },
  },
}

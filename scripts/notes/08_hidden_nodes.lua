-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): a hidden node
-- (repl --sname spy --hidden, as iex --sname spy --hidden) connects without
-- being seen: it is not in the others' node.list(), only in
-- node.list("hidden"); from its own side too, its peers are hidden ones
-- (its node.list() is empty); and no mesh forms through it.
local drill = require "repl.drill"

local function has(list, name)
  for _, n in ipairs(list) do if n == name then return true end end
  return false, "expected " .. name .. " in the list"
end

-- A check: the list has node1 and not other (spy and node2 are unconnected).
local function node1_not(other)
  return function(l)
    if has(l, other .. "@" .. drill.host()) then return false, "spy is connected to node2" end
    return has(l, "node1@" .. drill.host())
  end
end

drill.run {
  title = "Reading notes 12.3: hidden nodes",
  seed = "002_40742fe30838badd.txt, 12.3 (hidden nodes)",
  nodes = { "node1", "node2", { name = "spy", hidden = true } },
  steps = {
    { say = "node1 and node2 form a cluster.",
      on = "node1", type = [[node.connect("node2@HOST")]], expect = "true", check = "true" },
    { say = "spy, started with --hidden, connects to node1.",
      on = "spy", type = [[node.connect("node1@HOST")]], expect = "true", check = "true" },
    { say = "node1's visible list does not show spy...",
      on = "node1", type = [[node.list()]], expect = [=[["node2@HOST"]]=], check = [=[["node2@HOST"]]=] },
    { say = "...its hidden list does (in a self-running drill, with the drill's own node, drillNNNNNN, hidden too: it is how the script reaches the nodes).",
      on = "node1", type = [[node.list("hidden")]], expect = [=[["spy@HOST"]]=],
      check = function(l) return has(l, "spy@" .. drill.host()) end },
    { say = "From spy's side every connection is hidden too: its node.list() is empty, as Node.list() on iex --hidden...",
      on = "spy", type = [[node.list()]], expect = "[]", check = "[]" },
    { say = "...and its node.list(\"hidden\") has node1, and not node2: connecting to node1 made no connection to node2.",
      on = "spy", type = [[node.list("hidden")]], expect = [=[["node1@HOST"]]=],
      check = node1_not("node2") },
    { say = "node2 has no connection to spy at all.",
      on = "node2", type = [[node.list("connected")]], expect = [=[["node1@HOST"]]=],
      check = node1_not("spy") },
    { say = "Yet spy talks to node1 like any node.",
      on = "spy", type = [[rpc.call("node1@HOST", function() return node.self() end)]],
      expect = [["node1@HOST"]], check = [["node1@HOST"]] },
  },
}

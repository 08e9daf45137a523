-- Chapter 12 reading notes (seed 002_40742fe30838badd.txt): a hidden node
-- (iex --sname spy --hidden; here peer.start{hidden = true}, which is
-- repl --sname spy --hidden) connects without being seen: it is not in the
-- others' node.list(), only in node.list("hidden"), and no mesh forms
-- through it.
local drill = require "repl.drill"

local function has(list, name)
  for _, n in ipairs(list) do if n == name then return true end end
  return false, "expected " .. name .. " in the list"
end

drill.run {
  title = "Reading notes 12.3: hidden nodes",
  seed = "002_40742fe30838badd.txt, 12.3 (hidden nodes)",
  nodes = { "node1", "node2" },
  steps = {
    { say = "node1 and node2 form a cluster.",
      on = "node1", type = [[node.connect("node2@HOST")]], expect = "true", check = "true" },
    { say = "node1 starts spy, a hidden node, and connects to it (repl --sname spy --hidden).",
      on = "node1", type = [[spy = peer.start{name = "spy", hidden = true}
return spy.node]], expect = [["spy@HOST"]], check = [["spy@HOST"]] },
    { say = "node1's visible list does not show spy...",
      on = "node1", type = [[node.list()]], expect = [=[["node2@HOST"]]=], check = [=[["node2@HOST"]]=] },
    { say = "...its hidden list does (with the drill's own node, drillNNNNNN, hidden too: it is how this script reaches the nodes).",
      on = "node1", type = [[node.list("hidden")]], expect = [=[["spy@HOST", ...]]=],
      check = function(l) return has(l, "spy@" .. drill.host()) end },
    { say = "node2 does not see spy at all: no connection was made through node1.",
      on = "node2", type = [[node.list("connected")]], expect = [=[["node1@HOST"]]=],
      check = function(l)
        if has(l, "spy@" .. drill.host()) then return false, "spy is connected to node2" end
        return has(l, "node1@" .. drill.host())
      end },
    { say = "Yet spy can talk to node1 like any node.",
      on = "node1", type = [[rpc.call(spy.node, function() return node.self() end)]], expect = [["spy@HOST"]], check = [["spy@HOST"]] },
    { on = "node1", type = [[peer.stop(spy)]], expect = "true", check = "true" },
  },
}

-- Learning exercises, Drill 1: starting and connecting nodes (seed
-- 004_01a4f6805bed991c.txt). Three nodes; node2 connects to node1, node3
-- to node2, and node3 then knows node1 too: the cluster is a full mesh.
-- Then the exercises: node.list(), the list with this node in it, our own
-- name, and a disconnect, to see what it does to the cluster.
-- Elixir -> Lua: Node.connect(:node1@localhost) is node.connect("node1@HOST")
-- (node names are strings, and we use this machine's host name, as --sname
-- does); Node.list() is node.list(); node() is node.self();
-- Node.disconnect(n) is node.disconnect(n). Node.list([:this, :visible])
-- has no one-call twin: node.list takes one kind ("this", "visible",
-- "hidden", "connected" or "known", which adds hidden nodes and those
-- that went or were only tried, as nodes(known)), so we join "this" and
-- the visible list ourselves.
--   repl scripts/exercises/drill1_connecting.lua        runs it by itself
--   repl --sname node1 -i scripts/exercises/drill1_connecting.lua   the
--   guide for terminal node1, then its shell (node2, node3 likewise)
local drill = require "repl.drill"

local function host() return drill.host() end
local function sorted(t) table.sort(t); return t end
-- same(list, names): the list holds exactly these short names on HOST.
local function same(list, names)
  if type(list) ~= "table" or #list ~= #names then return false end
  local want = {}
  for i, n in ipairs(names) do want[i] = n .. "@" .. host() end
  sorted(want)
  local got = sorted({table.unpack(list)})
  for i = 1, #want do if got[i] ~= want[i] then return false end end
  return true
end

drill.run {
  title = "Learning exercises, Drill 1: starting and connecting nodes",
  seed = "004_01a4f6805bed991c.txt, Drill 1",
  nodes = { "node1", "node2", "node3" },
  steps = {
    { say = "On node2, connect to node1 (Node.connect(:node1@localhost)).",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "On node3, connect to node2.",
      on = "node3", type = [[node.connect("node2@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Exercise 1: node.list() on node3. node3 connected only to node2, yet it knows node1 too: connecting to one node connects to all (node2 told node3 of node1, and node3 connected). The mesh forms within a moment of the connect, so we wait up to a second for it.",
      on = "node3", type = [[
for _ = 1, 50 do if #node.list() == 2 then break end sleep(20) end
return node.list()]],
      expect = [=[["node2@HOST", "node1@HOST"] (in some order)]=],
      check = function(l) return same(l, { "node1", "node2" }) end },
    { say = "node1 sees both others as well; node.list() never shows the node itself.",
      on = "node1", type = [[node.list()]],
      expect = [=[["node2@HOST", "node3@HOST"] (in some order)]=],
      check = function(l) return same(l, { "node2", "node3" }) end },
    { say = "Exercise 2: every node, this one included (Node.list([:this, :visible])): node.list takes one kind, so join \"this\" and the visible ones.",
      on = "node1", type = [[{node.self(), table.unpack(node.list())}]],
      expect = [=[["node1@HOST", "node2@HOST", "node3@HOST"] (node1 first)]=],
      check = function(l) return type(l) == "table" and l[1] == "node1@" .. host()
        and same(l, { "node1", "node2", "node3" }) end },
    { say = "Exercise 3: what is your current node name? (node())",
      on = "node2", type = [[node.self()]], expect = [["node2@HOST"]],
      check = [["node2@HOST"]] },
    { say = "Exercise 4: on node1, disconnect node3 (Node.disconnect(:node3@localhost)).",
      on = "node1", type = [[node.disconnect("node3@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Exercise 5: what happens to the cluster? node1 no longer lists node3.",
      on = "node1", type = [[node.list()]], expect = [=[["node2@HOST"]]=],
      check = function(l) return same(l, { "node2" }) end },
    { say = "And on node3? The seed expects the disconnect to take node3 out of every node's list. Erlang since OTP 25 goes further: its global, seeing the mesh broken, has the other nodes drop their connections to both ends (prevent_overlapping_partitions), so with three nodes all three end up alone, each logging a warning. Our node.disconnect cuts only the connection between node1 and node3: node3 still talks to node2, and the cluster is no longer a full mesh.",
      on = "node3", type = [[sleep(300); return node.list()]],
      expect = [=[["node2@HOST"]: node3 is still connected to node2]=],
      check = function(l) return same(l, { "node2" }) end },
    { say = "To take node3 out of the cluster here, disconnect it where it is still connected (or stop node3).",
      on = "node2", type = [[node.disconnect("node3@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Now node3 is alone.",
      on = "node3", type = [[sleep(100); return node.list()]], expect = "[] (an empty list)",
      check = function(l) return type(l) == "table" and #l == 0 end },
  },
}

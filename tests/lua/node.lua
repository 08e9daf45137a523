-- node.lua: the node module on a node with no name, as erl's on
-- nonode@nohost: nodes(this) and nodes(known) are [nonode@nohost], nodes()
-- is []; monitor_nodes takes erl's node_type option and refuses others
-- with a sentence. (Named nodes: tests/dist/connect.sh, mesh.sh,
-- nodedown.sh.)
local t = dofile("tests/lib/tap.lua")

t.is(node.list(), {}, "node.list() is [] with no name")
t.is(node.list("this"), {"nonode@nohost"}, "node.list(\"this\") is nonode@nohost, as nodes(this)")
t.is(node.list("known"), {"nonode@nohost"}, "node.list(\"known\") likewise, as nodes(known)")
t.raises(function() node.list("everyone") end, "visible, hidden, connected, this or known",
         "an unknown kind names the kinds there are")

t.is(node.monitor_nodes(true, {node_type = "all"}), true, "monitor_nodes(true, {node_type = \"all\"})")
t.is(node.monitor_nodes(false, {node_type = "all"}), true, "and false with the same opts")
t.is(node.monitor_nodes(true, {node_type = atom.hidden}), true, "node_type may be an atom")
t.is(node.monitor_nodes(true, {}), true, "{} is no option, as erl's []")
t.raises(function() node.monitor_nodes(true, {node_type = "some"}) end,
         'node_type is "visible", "hidden" or "all"', "a node_type that is none: a sentence")
t.raises(function() node.monitor_nodes(true, {nodedown_reason = true}) end,
         "nodedown_reason is not an option", "an option it does not have: a sentence naming it")
t.raises(function() node.monitor_nodes(true, "all") end, "table",
         "opts that are no table: a sentence")
t.done()

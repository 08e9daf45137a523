#!/bin/sh
# Node monitors count as OTP's do (checked against erl 25 here): each
# node.monitor(n, true) brings a nodedown of its own (two calls, two
# messages) and node.monitor(n, false) takes back one; each
# node.monitor_nodes(true) is a subscription of its own (two bring two
# nodeups) and node.monitor_nodes(false) ends every one of them. Prints
# TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
P=t$$

lua main.lua <<'EOF2'
local P = arg[1]
local b = peer.start{name = P .. "b", output = false}
-- every message for node n within ms, counted by tag
local function count(n, ms)
  local got = {nodeup = 0, nodedown = 0}
  while true do
    local m = receive(function(m) return typeof(m) == "tuple" and m[2] == n end, ms)
    if not m then return got end
    local tag = m[1] == A.nodeup and "nodeup" or "nodedown"
    got[tag] = got[tag] + 1
  end
end
-- drop the connection, and wait until global has settled after a connect
local function settled_connect(n)
  node.connect(n); rpc.call(n, global.sync, {}, 2000); global.sync()
end

node.monitor(b.node, true); node.monitor(b.node, true)
node.disconnect(b.node)
say("monitor-twice", count(b.node, 300).nodedown)
settled_connect(b.node)
node.monitor(b.node, true); node.monitor(b.node, true); node.monitor(b.node, false)
node.disconnect(b.node)
say("monitor-twice-one-off", count(b.node, 300).nodedown)

node.monitor_nodes(true); node.monitor_nodes(true)
settled_connect(b.node)
say("monitor-nodes-twice-up", count(b.node, 300).nodeup)
node.disconnect(b.node)
say("monitor-nodes-twice-down", count(b.node, 300).nodedown)
node.monitor_nodes(false)
settled_connect(b.node)
node.disconnect(b.node)
local c = count(b.node, 300)
say("monitor-nodes-after-false", c.nodeup + c.nodedown)
peer.stop(b)
halt(0)
EOF2
start_node main "$tmp/main.lua" "$P"
check "two node.monitor(n, true): two nodedowns" "$tmp/main.out" "^monitor-twice 2$"
check "two node.monitor(n, true) and one false: one nodedown" "$tmp/main.out" "^monitor-twice-one-off 1$"
check "two node.monitor_nodes(true): two nodeups" "$tmp/main.out" "^monitor-nodes-twice-up 2$"
check "... and two nodedowns" "$tmp/main.out" "^monitor-nodes-twice-down 2$"
check "one node.monitor_nodes(false) ends both subscriptions" "$tmp/main.out" "^monitor-nodes-after-false 0$"
finish

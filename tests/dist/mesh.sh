#!/bin/sh
# The full mesh among visible nodes (a connects to b, b is connected to c:
# a and c end up connected) and none through a hidden node (a hidden node
# connected to two nodes is in neither's node.list(), only in
# node.list("hidden"), and does not make them connect). The hidden node's
# own view: node.list() empty, its peers in node.list("hidden"), and a plain
# monitor_nodes hears of none of them (node_type = "all" does), as on erl
# -hidden. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; c=t$$c; x=t$$x; y=t$$y; h=t$$h
A=$a@$HOST; B=$b@$HOST; C=$c@$HOST; X=$x@$HOST; Y=$y@$HOST; H=$h@$HOST

# wait_listed(n, kind): polls node.list(kind) for n, up to 10 s.
LISTED='function listed(n, kind)
  for _, x in ipairs(node.list(kind)) do if x == n then return true end end
  return false
end
function wait_listed(n, kind)
  for i = 1, 500 do
    if listed(n, kind) then return true end
    sleep(20)
  end
  return false
end'

lua wait.lua <<'EOF'
say("ready", node.self())
receive()
EOF
# b connects to c, then waits
lua b.lua <<EOF
$LISTED
EOF
cat >>"$tmp/b.lua" <<'EOF'
say("connect-c", node.connect(arg[1]))
receive()
EOF
lua a.lua <<EOF
$LISTED
EOF
cat >>"$tmp/a.lua" <<'EOF'
local B, C = arg[1], arg[2]
say("connect-b", node.connect(B))
say("sees-c", wait_listed(C))
say("list", table.concat(node.list(), ","))
receive()
EOF
start_node c --sname "$c" --cookie dist "$tmp/wait.lua"
wait_registered "$c" || true
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$C"
check "b connects to c" "$tmp/b.out" "^connect-c true"
start_node a --sname "$a" --cookie dist "$tmp/a.lua" "$B" "$C"
check "a connects to b" "$tmp/a.out" "^connect-b true"
check "full mesh: a then sees c in node.list()" "$tmp/a.out" "^sees-c true$"

# ---- hidden ----
# x and y wait; each says what it sees once h is connected to both (and h
# says it is done), after a grace time in which a mesh would have formed.
lua xy.lua <<EOF
$LISTED
EOF
cat >>"$tmp/xy.lua" <<'EOF'
local H, other = arg[1], arg[2]
register("main", self())       -- h sends {main, node} go when connected to both
node.monitor_nodes(true)
node.monitor_nodes(true, {node_type = "hidden"})
say("ready")
say("h-hidden", wait_listed(H, "hidden"))
receive(function(m) return m == A.go end, 10000)
receive(function() return false end, 1000)   -- time for a mesh to form, if it would
say("visible", "[" .. table.concat(node.list(), ",") .. "]")
say("hidden", "[" .. table.concat(node.list("hidden"), ",") .. "]")
say("connected-other", listed(other, "connected"))
say("typed-up", receive(T(A.nodeup, H, ANY), 0))
say("plain-up", receive(T(A.nodeup, H), 0))
receive()
EOF
lua h.lua <<'EOF'
local X, Y = arg[1], arg[2]
node.monitor_nodes(true)
node.monitor_nodes(true, {node_type = "all"})
say("connect-x", node.connect(X))
say("connect-y", node.connect(Y))
send(T("main", X), A.go); send(T("main", Y), A.go)
local hidden = node.list("hidden")
table.sort(hidden)
say("list", "[" .. table.concat(node.list(), ",") .. "]")
say("hidden", "[" .. table.concat(hidden, ",") .. "]")
say("typed-up", receive(T(A.nodeup, X, ANY), 5000))
say("plain-up", receive(T(A.nodeup, ANY), 200))
say("bad-option", pcall(node.monitor_nodes, true, {node_type = "some"}))
receive()
EOF
start_node x --sname "$x" --cookie dist "$tmp/xy.lua" "$H" "$Y"
start_node y --sname "$y" --cookie dist "$tmp/xy.lua" "$H" "$X"
wait_registered "$x" || true; wait_registered "$y" || true
start_node h --sname "$h" --cookie dist --hidden "$tmp/h.lua" "$X" "$Y"
check "a hidden node connects to x" "$tmp/h.out" "^connect-x true"
check "a hidden node connects to y" "$tmp/h.out" "^connect-y true"
check "x lists the hidden node in node.list(\"hidden\")" "$tmp/x.out" "^h-hidden true$"
check "y lists the hidden node in node.list(\"hidden\")" "$tmp/y.out" "^h-hidden true$"
check "the hidden node is not in x's node.list()" "$tmp/x.out" "^visible \[\]$"
check "the hidden node is not in y's node.list()" "$tmp/y.out" "^visible \[\]$"
check "x's node.list(\"hidden\") is the hidden node" "$tmp/x.out" "^hidden \[$H\]$" 0
check "x and y are not connected through the hidden node" "$tmp/x.out" "^connected-other false$" 0
check "y and x are not connected through the hidden node" "$tmp/y.out" "^connected-other false$"
# the hidden node's own view, as erl -hidden's nodes() and nodes(hidden)
check "the hidden node's node.list() is empty" "$tmp/h.out" "^list \[\]$" 0
check "the hidden node's node.list(\"hidden\") is its peers" "$tmp/h.out" "^hidden \[$X,$Y\]$" 0
check "monitor_nodes(true, {node_type = \"all\"}) on the hidden node: nodeup, node_type hidden" \
  "$tmp/h.out" "^typed-up \{:nodeup, \"$X\", \[\{:node_type, :hidden\}\]\}$"
check "plain monitor_nodes(true) on the hidden node: no nodeup for a visible peer" \
  "$tmp/h.out" "^plain-up nil$"
check "a node_type that is none: one sentence" "$tmp/h.out" '^bad-option false .*node_type is "visible", "hidden" or "all"'
check "x's monitor_nodes(true, {node_type = \"hidden\"}) hears of the hidden node" \
  "$tmp/x.out" "^typed-up \{:nodeup, \"$H\", \[\{:node_type, :hidden\}\]\}$" 0
check "x's plain monitor_nodes(true) does not" "$tmp/x.out" "^plain-up nil$" 0

finish

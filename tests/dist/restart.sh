#!/bin/sh
# node.stop and node.start at run time, twice over: an unnamed node becomes
# named, stops (back to nonode@nohost, unregistered), starts again under
# another name and is reachable under it. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
r1=t$$r; r2=t$$s; peer=t$$p

lua peer.lua <<'EOF2'
say("ready", node.self())
receive()
EOF2
lua r.lua <<'EOF2'
local first, second, peer = arg[1], arg[2], arg[3]
say("start1", node.start(first, {cookie = "dist"}), node.self())
say("stop", node.stop(), node.self(), node.alive(), node.get_cookie())
say("start2", node.start(second, {cookie = "dist"}), node.self())
say("connect", node.connect(peer))
halt()
EOF2

start_node peer --sname "$peer" --cookie dist "$tmp/peer.lua"
wait_registered "$peer" || true
start_node r "$tmp/r.lua" "$r1" "$r2" "$peer@$HOST"
check "node.start names an unnamed node" "$tmp/r.out" "^start1 true $r1@"
check "node.stop makes it nonode@nohost again, with no cookie" "$tmp/r.out" \
  "^stop true nonode@nohost false nocookie"
check "node.start after node.stop works, under a new name" "$tmp/r.out" "^start2 true $r2@"
check "and the restarted node connects" "$tmp/r.out" "^connect true"
finish

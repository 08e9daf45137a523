#!/bin/sh
# node.connect(n) followed at once by node.disconnect(n) leaves n
# disconnected, many times over, whichever of the two names sorts first (the
# first one's global starts a table swap at nodeup, whose lock requests,
# answers and monitors once reconnected the pair when they came after the
# disconnect), with pg and a global name on both sides. Both nodes watch
# for a nodeup that should not come. (erl does not promise this: with OTP
# 25 here, net_kernel:connect_node then erlang:disconnect_node at once
# left the nodes reconnected about half the time, by global; 50 ms apart,
# never.) Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; z=t$$0          # t$$0 < t$$a < t$$b
A=$a@$HOST; B=$b@$HOST

# Every node: pg and a global name, so that both services have something
# to swap and watch when two nodes meet.
SERVICES='pg.start()
pg.join("g", self())
global.register_name(node.self() .. "-name", self())'

# loop(n, rounds): connect to n and disconnect at once (or a few ms later),
# then a nodeup of n within 200 ms is a reconnection; prints how many.
LOOP='function loop(n, rounds)
  node.monitor_nodes(true)
  local gaps, again = {0, 0, 1, 5, 20}, 0
  for i = 1, rounds do
    if not node.connect(n) then say("connect-failed", n); return end
    local g = gaps[i % #gaps + 1]
    if g > 0 then sleep(g) end
    node.disconnect(n)
    receive(T(A.nodeup, n), 1000)             -- the nodeup of this connect
    receive(T(A.nodedown, n), 1000)           -- and the nodedown of this disconnect
    if receive(T(A.nodeup, n), 200) then
      again = again + 1
      node.disconnect(n)
      receive(T(A.nodedown, n), 1000)
    end
  end
  node.monitor_nodes(false)
  say("reconnected", node.self(), n, again, "of", rounds)
end'

lua a.lua <<EOF
$SERVICES
say("ready")
receive()
EOF
lua b.lua <<EOF
$SERVICES
$LOOP
loop(arg[1], 25)
say("ready")
receive()
EOF
lua z.lua <<EOF
$SERVICES
$LOOP
loop(arg[1], 25)
halt()
EOF

start_node a --sname "$a" --cookie dist "$tmp/a.lua"
wait_registered "$a" || true
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
check "the later name connects and disconnects at once, 25 times: never reconnected" \
  "$tmp/b.out" "^reconnected $B $A 0 of 25$" 30
start_node z --sname "$z" --cookie dist "$tmp/z.lua" "$B"
check "the earlier name does it: never reconnected either" \
  "$tmp/z.out" "^reconnected $z@$HOST $B 0 of 25$" 30
for f in a b z; do
  check_not "$f: no crash" "$tmp/$f.out" "crashed|could not handle"
done
finish

#!/bin/sh
# The cookie file, in a private HOME: with no ~/.erlang.cookie a node makes
# one, mode 0400, and two nodes sharing that HOME connect with it; a cookie
# file that others can read makes `repl --sname x` exit non-zero with one
# sentence naming the file. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
k1=t$$k; k2=t$$l
K1=$k1@$HOST
cf=$HOME/.erlang.cookie

lua k1.lua <<'EOF'
say("cookie", node.get_cookie())
say("ready", node.self())
receive()
EOF
lua k2.lua <<'EOF'
say("cookie", node.get_cookie())
say("connect", node.connect(arg[1]))
say("done")
halt()
EOF

if [ ! -e "$cf" ]; then ok "the private HOME has no cookie file"
else not_ok "the private HOME has no cookie file"; fi
start_node k1 --sname "$k1" "$tmp/k1.lua"
if wait_registered "$k1"; then ok "a node with no --cookie and no cookie file starts"
else not_ok "a node with no --cookie and no cookie file starts" "$tmp/k1.out"; fi
if [ -f "$cf" ]; then
  ok "it made $cf"
  mode=$(stat -c %a "$cf")
  if [ "$mode" = 400 ]; then ok "the cookie file has mode 0400"
  else not_ok "the cookie file has mode 0400 (it has $mode)"; fi
  cookie=$(cat "$cf")
  if [ -n "$cookie" ]; then ok "the cookie file holds a cookie"
  else not_ok "the cookie file holds a cookie"; fi
  check "the node uses the cookie of the file" "$tmp/k1.out" "^cookie $cookie$"
else
  not_ok "it made $cf"; not_ok "the cookie file has mode 0400"
  not_ok "the cookie file holds a cookie"; not_ok "the node uses the cookie of the file"
fi
start_node k2 --sname "$k2" "$tmp/k2.lua" "$K1"
wait_for "$tmp/k2.out" "^done" || true
check "a second node with the same HOME connects with the file's cookie" "$tmp/k2.out" "^connect true" 0
check_not "the second node did not refuse or get refused" "$tmp/k1.out" "refused"

# a cookie file others can read
home2=$tmp/home2; mkdir -m 700 "$home2"
printf 'SECRETCOOKIE' >"$home2/.erlang.cookie"; chmod 644 "$home2/.erlang.cookie"
env HOME="$home2" "$REPL" --epmd-port "$EPMD" --sname "t$$x" -e 'print("started"); halt()' \
  </dev/null >"$tmp/x.out" 2>&1 &
xp=$!; pids="$pids $xp"
if wait_exit "$xp"; then
  if [ "$status" != 0 ]; then ok "a cookie file readable by others: non-zero exit ($status)"
  else not_ok "a cookie file readable by others: non-zero exit (it exited 0)" "$tmp/x.out"; fi
else not_ok "a cookie file readable by others: non-zero exit (still running after ${WAIT} s)" "$tmp/x.out"; fi
lines=$(grep -c . "$tmp/x.out")
if [ "$lines" = 1 ] && grep -qF "$home2/.erlang.cookie" "$tmp/x.out"
then ok "a cookie file readable by others: one line naming the file"
else not_ok "a cookie file readable by others: one line naming the file" "$tmp/x.out"; fi
check_not "a cookie file readable by others: the node did not start" "$tmp/x.out" "^started$"

# a private file (0600) is fine
chmod 600 "$home2/.erlang.cookie"
env HOME="$home2" "$REPL" --epmd-port "$EPMD" --sname "t$$y" -e 'print("cookie " .. node.get_cookie()); halt()' \
  </dev/null >"$tmp/y.out" 2>&1 &
yp=$!; pids="$pids $yp"
wait_exit "$yp" || true
check "a cookie file of mode 0600 is read" "$tmp/y.out" "^cookie SECRETCOOKIE$" 0

finish

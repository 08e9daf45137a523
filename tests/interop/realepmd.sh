#!/bin/sh
# Our node with Debian's real epmd (epmd -port P): it registers there and
# starts no embedded epmd of its own, a real erl on the same epmd pings it
# and is pinged by it, and it unregisters when it stops. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
command -v epmd >/dev/null 2>&1 || { echo "1..0 # SKIP no epmd binary"; exit 0; }
P=$(free_port 5)
epmd -port "$P" >"$tmp/realepmd.log" 2>&1 &
real=$!; pids="$pids $real"
wait_epmd "$P" || { echo "Bail out! the real epmd did not start on port $P"; exit 1; }
EPMD_PORT=$P
L1=lr1_$$; L2=lr2_$$; E=er_$$; T=$(printf '\t')

# ours embedded epmd daemons started for this port, if any (there should be none)
daemons() {
  for d in /proc/[0-9]*; do
    cat "$d/cmdline" 2>/dev/null | tr "\0" " " | grep -q -- "--epmd --daemon --epmd-port $P" && echo "${d#/proc/}"
  done
}

repl_node "$L2" 'register("srv", self()); print("ready")
  local m = receive(tuple(atom.hi, ANY), 30000)
  print("got hi", m and node_of(m[2]))
  if m then node.monitor(node_of(m[2]), true); send(m[2], atom.bye) end
  receive(tuple(atom.nodedown, ANY), 20000)'
l2=$last_pid
wait_for "$tmp/$L2.out" '^ready' 20
epmd -port "$P" -names >"$tmp/names" 2>&1
check "our node registers with the real epmd (epmd -names lists it)" "$tmp/names" "^name $L2 at port [0-9]*\$"
if [ -z "$(daemons)" ]; then ok "our node started no embedded epmd beside the real one"
else not_ok "our node started no embedded epmd beside the real one"; for p in $(daemons); do kill "$p"; done; fi

erl_node "$E" 'register(ctl, self()), io:format("ready~n"),
  receive {from_lua, P} -> io:format("from lua: ~p~n", [node(P)]), P ! {ack, self()}
  after 20000 -> io:format("timeout~n") end,
  io:format("ping: ~p~n", [net_adm:ping('"'$L2@$HOST'"')]),
  {srv, '"'$L2@$HOST'"'} ! {hi, self()},
  receive bye -> io:format("bye~n") after 10000 -> io:format("timeout bye~n") end,
  halt().'
e=$last_pid
wait_for "$tmp/$E.out" '^ready' 20
repl_node "$L1" '
  print("ping", node.ping("'"$E@$HOST"'"))
  send(tuple("ctl", "'"$E@$HOST"'"), tuple(atom.from_lua, self()))
  local m = receive(tuple(atom.ack, ANY), 10000)
  print("ack", m ~= nil)'
l1=$last_pid
wait_gone "$e" 40; wait_gone "$l1" 10; wait_gone "$l2" 10
checkx "our node finds erl through the real epmd: node.ping -> pong" "$tmp/$L1.out" "ping${T}pong"
checkx "erl gets our message" "$tmp/$E.out" "from lua: $L1@$HOST"
checkx "we get erl's answer" "$tmp/$L1.out" "ack${T}true"
checkx "erl finds our node through the real epmd: net_adm:ping -> pong" "$tmp/$E.out" "ping: pong"
checkx "our node gets erl's message by {srv, node}" "$tmp/$L2.out" "got hi$T$E@$HOST"
checkx "and erl our answer" "$tmp/$E.out" "bye"
i=0
while [ $i -lt 50 ]; do
  epmd -port "$P" -names >"$tmp/names" 2>&1
  grep -q "^name lr[12]_$$ " "$tmp/names" || break
  i=$((i + 1)); sleep 0.1
done
if grep -q "^name lr[12]_$$ " "$tmp/names"; then not_ok "our stopped nodes are no longer registered" "$tmp/names"
else ok "our stopped nodes are no longer registered"; fi
epmd -port "$P" -kill >"$tmp/kill" 2>&1
check "epmd -port P -kill stops the real epmd" "$tmp/kill" "Killed"
wait_gone "$real" 10

no_sanitizer_reports "no sanitizer reports from our nodes" "$tmp/$L1.out" "$tmp/$L2.out"
done_tap

#!/bin/sh
# Ticks between a real erl and our node, both at net_ticktime 4: an idle
# connection stays up for longer than two ticktimes (each side understands
# the other's ticks), and when the erl node freezes (SIGSTOP) our node
# declares it down within about a ticktime. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 8)"
L=ltk_$$; E=etk_$$; T=$(printf '\t')


ERL_EXTRA="-kernel net_ticktime 4"
erl_node "$E" 'register(ctl, self()), io:format("ready~n"),
  receive {hi, P} -> monitor_node(node(P), true), P ! {hello, self()},
    receive {nodedown, _} -> io:format("erl saw nodedown while idle~n")
    after 10000 -> io:format("erl: still up after 10 s idle~n") end,
    P ! {still, nodes()}
  after 20000 -> io:format("timeout~n") end,
  receive after 30000 -> halt() end.'
e=$last_pid
wait_for "$tmp/$E.out" '^ready' 20
repl_node "$L" "$LUA_PRE"'
  local E = "'"$E@$HOST"'"
  node.monitor(E, true)
  send(tuple("ctl", E), tuple(atom.hi, self()))
  local h = receive(tuple(atom.hello, ANY), 10000)
  print("hello", h ~= nil)
  local down = receive(tuple(atom.nodedown, ANY), 10000)
  print("idle", down == nil and "up" or "down")
  local s = receive(tuple(atom.still, ANY), 5000)
  print("still", s and R(s[2]))
  print("armed")
  local t0 = os.time()
  down = receive(tuple(atom.nodedown, ANY), 20000)
  print("frozen", down and "nodedown" or "no nodedown", os.time() - t0)
  print("list", R(node.list()))' --net-ticktime 4
l=$last_pid
wait_for "$tmp/$L.out" '^armed' 30 && kill -STOP "$e"
wait_gone "$l" 30
kill -9 "$e" 2>/dev/null; kill -CONT "$e" 2>/dev/null
O="$tmp/$L.out"
checkx "erl answers our first message" "$O" "hello${T}true"
checkx "our node keeps the idle connection up for 10 s (erl's ticks understood)" "$O" "idle${T}up"
checkx "erl keeps it up too (our ticks understood)" "$tmp/$E.out" "erl: still up after 10 s idle"
checkx "and erl still lists us afterwards" "$O" "still$T[:$L@$HOST]"
check "a frozen erl node (SIGSTOP): our node.monitor gets nodedown within 12 s" "$O" \
  "^frozen${T}nodedown$T\([0-9]\|1[0-2]\)\$"
checkx "and node.list() is empty" "$O" "list$T[]"
no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
done_tap

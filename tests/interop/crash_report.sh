#!/bin/sh
# Crash reports between a real erl and our node: a process erl spawns on our
# node (spawn(L, M, F, A), so its group leader is erl's) that crashes is
# reported on erl's terminal, naming our node, with the pid as erl shows it,
# as erl itself reports "Error in process <N.x.y> on node ..." on the
# spawner's side; our node's own output shows nothing of it. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 19)"
L=lcr_$$; E=ecr_$$

cat >"$tmp/crt.erl" <<'ERL'
-module(crt).
-export([main/1]).
main([L]) ->
  {P, R} = spawn_monitor(L, crasher, crash, [<<"boom-from-erl">>]),
  io:format("pid: ~p~n", [P]),
  receive {'DOWN', R, process, P, W} -> io:format("down: ~0p~n", [W])
  after 10000 -> io:format("timeout down~n") end,
  {srv, L} ! {marker, self()},
  receive marked -> ok after 10000 -> io:format("timeout marked~n") end,
  timer:sleep(300),
  halt().
ERL
compile_erl crt

repl_node "$L" "$LUA_PRE"'
  crasher = { crash = function(s) error(s, 0) end }
  register("srv", self()); print("ready")
  local m = receive(tuple(atom.marker, ANY), 30000)
  print("marker")
  if m then send(m[2], atom.marked) end'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "crt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 40; wait_gone "$l" 40
O="$tmp/$L.out"; EO="$tmp/$E.out"
pid=$(sed -n 's/^pid: //p' "$EO")

checkx "the process crashed" "$EO" 'down: <<"boom-from-erl">>'
check "its crash report is on erl's terminal, naming our node" "$EO" "^\*\* process .* on $L@$HOST crashed: boom-from-erl"
check "with the pid as erl shows it" "$EO" "^\\*\\* process ${pid:-none} on $L@$HOST crashed"
checkx "our node got on" "$O" "marker"
if grep -q "boom-from-erl" "$O"; then not_ok "our node's output shows nothing of it" "$O"; else ok "our node's output shows nothing of it"; fi

no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
done_tap

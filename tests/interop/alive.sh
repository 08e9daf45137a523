#!/bin/sh
# A second connection from a node we are connected to (handshake status
# "alive": the other side restarted, or lost a simultaneous connect) must
# not take the messages meant for that node while its handshake is under
# way: they go on the connection that is up. Two repl nodes, A connected
# to B; erl opens a raw socket to A, says it is B and holds the handshake
# after A's "alive"; then A sends to B, and B must get it. (Seen in the
# wild: two nodes connecting to each other at once lost a global lock's
# reply this way.) erl is only the raw socket here. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 7)"
A=a_$$; B=b_$$; E=e_$$

repl_node "$B" "$LUA_PRE"'
  register("sink", self()); print("ready")
  print("got", R(receive(30000)))'
b=$last_pid
wait_for "$tmp/$B.out" '^ready' 20

repl_node "$A" "$LUA_PRE"'
  print("connect", node.connect("'"$B@$HOST"'"))
  register("trigger", self()); print("ready")
  local go = receive(30000)
  send(tuple("sink", "'"$B@$HOST"'"), "after the second handshake began")
  send(go[2], atom.sent)
  receive(30000)'
a=$last_pid
wait_for "$tmp/$A.out" '^ready' 20

# The name message of the handshake (version 6): N, flags (published and
# the OTP 25 mandatory set), creation, the name of B.
erl_node "$E" '{port, Port, _} = erl_epmd:port_please("'"$A"'", "localhost"),
  {ok, S} = gen_tcp:connect("localhost", Port, [binary, {packet, 2}, {active, false}]),
  Name = <<"'"$B@$HOST"'">>,
  ok = gen_tcp:send(S, <<$N, 16#4000001:64, 1:32, (byte_size(Name)):16, Name/binary>>),
  {ok, Status} = gen_tcp:recv(S, 0, 10000),
  io:format("status: ~s~n", [Status]),
  {trigger, '"'$A@$HOST'"'} ! {go, self()},
  receive sent -> io:format("sent~n") after 10000 -> io:format("no sent~n") end,
  gen_tcp:close(S), halt().'
e=$last_pid
wait_gone "$e" 30
wait_gone "$b" 30
check "A answers a second connection from B with the status alive" "$tmp/$E.out" "^status: salive" "$tmp/$A.out"
checkx "B gets what A sent while that handshake was under way" "$tmp/$B.out" 'got	"after the second handshake began"'
checkx "A was connected to B before" "$tmp/$A.out" "connect	true"
kill "$a" 2>/dev/null; wait_gone "$a" 10
no_sanitizer_reports "no sanitizer report" "$tmp/$A.out" "$tmp/$B.out"
done_tap

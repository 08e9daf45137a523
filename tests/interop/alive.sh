#!/bin/sh
# A second connection from a node we are connected to (handshake status
# "alive": the other side restarted, or lost a simultaneous connect) must
# not take the messages meant for that node while its handshake is under
# way: they go on the connection that is up. Two repl nodes, A connected
# to B; erl opens a raw socket to A, says it is B and holds the handshake
# after A's "alive"; then A sends to B, and B must get it. (Seen in the
# wild: two nodes connecting to each other at once lost a global lock's
# reply this way.) erl is only the raw socket here. Then the second
# connection completes, and replaces the first. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 7)"
A=a_$$; B=b_$$; E=e_$$

# claim NODE NAME CREATION: the start of an erl expression that opens a
# socket to NODE's listen port and sends the handshake's name message
# (version 6: N, flags (published and the OTP 25 mandatory set),
# creation, name) as NAME; it prints the status NODE answers. S is the
# socket.
claim() {
  echo '{port, Port, _} = erl_epmd:port_please("'"$1"'", "localhost"),
  {ok, S} = gen_tcp:connect("localhost", Port, [binary, {packet, 2}, {active, false}]),
  Name = <<"'"$2"'">>,
  ok = gen_tcp:send(S, <<$N, 16#4000001:64, '"$3"':32, (byte_size(Name)):16, Name/binary>>),
  {ok, Status} = gen_tcp:recv(S, 0, 10000),
  io:format("status: ~s~n", [Status]),'
}

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

erl_node "$E" "$(claim "$A" "$B@$HOST" 1)"'
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

# When the second connection completes (B answers true: it restarted, or
# lost the first), the first is gone and with it B's old processes: A's
# monitor of one fires with noconnection and A sees nodedown, then nodeup
# for the new connection, as on the BEAM. Here erl completes the
# handshake as B2 (it knows the cookie) and holds it until A2 has seen it.
A2=a2_$$; B2=b2_$$; E2=e2_$$
repl_node "$B2" "$LUA_PRE"'
  print("ready"); receive(30000)'
b2=$last_pid
wait_for "$tmp/$B2.out" '^ready' 20
repl_node "$A2" "$LUA_PRE"'
  local B = "'"$B2@$HOST"'"
  print("connect", node.connect(B))
  node.monitor_nodes(true)
  monitor(node.spawn(B, function() receive() end))
  print("ready")
  for _ = 1, 3 do print("seen", R(receive(20000))) end
  receive(30000)'
a2=$last_pid
wait_for "$tmp/$A2.out" '^ready' 20
erl_node "$E2" "$(claim "$A2" "$B2@$HOST" 2)"'
  ok = gen_tcp:send(S, <<"strue">>),
  {ok, <<$N, _:64, Challenge:32, _/binary>>} = gen_tcp:recv(S, 0, 10000),
  Digest = erlang:md5(["'"$COOKIE"'", integer_to_list(Challenge)]),
  ok = gen_tcp:send(S, <<$r, 42:32, Digest/binary>>),
  {ok, <<$a, _/binary>>} = gen_tcp:recv(S, 0, 10000),
  io:format("up~n"),
  Wait = fun W(0) -> timeout; W(K) -> case filelib:is_file("'"$tmp"'/stop_e2") of
    true -> ok; false -> timer:sleep(50), W(K - 1) end end,
  Wait(400), gen_tcp:close(S), halt().'
e2=$last_pid
wait_for "$tmp/$A2.out" '^seen.*nodeup' 20
touch "$tmp/stop_e2"
wait_gone "$e2" 30
check "erl completes a second handshake as B2 after alive" "$tmp/$E2.out" "^up" "$tmp/$A2.out"
if grep '^seen' "$tmp/$A2.out" | tr '\t' ' ' | awk '
    NR == 1 && /:DOWN/ && /:noconnection/ { d = 1 }
    NR == 2 && /:nodedown/ { n = 1 }
    NR == 3 && /:nodeup/ { u = 1 }
    END { exit !(d && n && u) }'; then
  ok "the old connection goes down first: DOWN noconnection, nodedown, then nodeup"
else not_ok "the old connection goes down first: DOWN noconnection, nodedown, then nodeup" "$tmp/$A2.out"; fi
kill "$a2" "$b2" 2>/dev/null; wait_gone "$a2" 10; wait_gone "$b2" 10
no_sanitizer_reports "no sanitizer report" "$tmp/$A.out" "$tmp/$B.out" "$tmp/$A2.out" "$tmp/$B2.out"
done_tap

#!/bin/sh
# The handshake's old name message: a node that does not know our
# version sends 'n' (version 5's send_name: version, 32 flag bits, name);
# with HANDSHAKE_23 among its flags the rest is the new handshake, plus a
# complement message ('c': the flags' high half and the creation) before
# its challenge reply. erl plays that node over a raw socket, with the
# cookie; our node must take it, and list the node once it is up. A node
# without the OTP 23 flags is refused. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 13)"
A=oa_$$; E=oe_$$; F=of_$$

repl_node "$A" "$LUA_PRE"'
  node.monitor_nodes(true); print("ready")
  print("seen", R(receive(20000)))
  sleep(20000)'
a=$last_pid
wait_for "$tmp/$A.out" '^ready' 20

# old_name FLAGS NAME: erl code that sends the old name message to A.
old_name() {
  echo '{port, Port, _} = erl_epmd:port_please("'"$A"'", "localhost"),
  {ok, S} = gen_tcp:connect("localhost", Port, [binary, {packet, 2}, {active, false}]),
  Name = <<"'"$2"'">>,
  ok = gen_tcp:send(S, <<$n, 5:16, '"$1"':32, Name/binary>>),'
}
# The flags: published and the OTP 25 mandatory set (HANDSHAKE_23 in it).
erl_node "$E" "$(old_name 16#4000001 "fake_$$@$HOST")"'
  {ok, Status} = gen_tcp:recv(S, 0, 10000),
  io:format("status: ~s~n", [Status]),
  {ok, <<$N, _:64, Challenge:32, _/binary>>} = gen_tcp:recv(S, 0, 10000),
  ok = gen_tcp:send(S, <<$c, 0:32, 7:32>>),
  Digest = erlang:md5(["'"$COOKIE"'", integer_to_list(Challenge)]),
  ok = gen_tcp:send(S, <<$r, 42:32, Digest/binary>>),
  {ok, <<$a, _/binary>>} = gen_tcp:recv(S, 0, 10000),
  io:format("up~n"),
  timer:sleep(1000), gen_tcp:close(S), halt().'
e=$last_pid
wait_gone "$e" 30
checkx "the old name message is answered with ok" "$tmp/$E.out" "status: sok"
check "the handshake completes after the complement" "$tmp/$E.out" "^up" "$tmp/$A.out"
checkx "and our node sees the node up" "$tmp/$A.out" "seen	{:nodeup, \"fake_$$@$HOST\"}"

# Flags of a node older than OTP 23 (no HANDSHAKE_23): refused.
erl_node "$F" "$(old_name 16#1 "old_$$@$HOST")"'
  io:format("answer: ~p~n", [gen_tcp:recv(S, 0, 10000)]), halt().'
f=$last_pid
wait_gone "$f" 30
checkx "a node older than OTP 23 gets no status: the connection closes" "$tmp/$F.out" "answer: {error,closed}"
kill "$a" 2>/dev/null; wait_gone "$a" 10
no_sanitizer_reports "no sanitizer report" "$tmp/$A.out"
done_tap

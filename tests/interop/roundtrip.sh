#!/bin/sh
# Terms that make a round trip through our node unchanged: a real erl sends
# {echo, Pid, I, Term} to our srv, which sends Term back as it decoded it;
# erl checks Term =:= what came back. Covers the corners dist/etf.h maps to
# tagged tuples (improper lists, bitstrings, ports, Erlang funs), refs and
# pids, unicode atoms and binaries, big terms (which erl may send as
# fragments), many distinct atoms (the atom cache) and message order.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 7)"
L=lrt_$$; E=ert_$$

cat >"$tmp/rtt.erl" <<'ERL'
-module(rtt).
-export([main/1]).
terms() ->
  [{"improper list", [1, 2 | 3]},
   {"bitstring", <<1, 2:3>>},
   {"reference", make_ref()},
   {"pid", self()},
   {"port", hd(erlang:ports())},
   {"erlang fun", fun(X) -> X + 1 end},
   {"external fun", fun lists:reverse/1},
   {"unicode atom", 'héllo_ünïcode'},
   {"unicode binary", <<"héllo wörld ☃"/utf8>>},
   {"1 MB binary", binary:copy(<<"0123456789abcdef">>, 65536)},
   {"list of 100000 integers", lists:seq(1, 100000)},
   {"map of 200 keys", maps:from_list([{K * 10, integer_to_binary(K)} || K <- lists:seq(1, 100)] ++ [{integer_to_binary(K), [K]} || K <- lists:seq(1, 100)])},
   {"500 nested tuples", lists:foldl(fun(_, A) -> {A} end, x, lists:seq(1, 500))},
   {"300 distinct atoms", [list_to_atom("rt_atom_" ++ integer_to_list(K)) || K <- lists:seq(1, 300)]},
   {"floats", [0.1, -1.5e-300, 1.7976931348623157e308, 5.0e-324]},
   {"integers at the edges", [255, 256, -1, 2147483647, -2147483648, 4294967296, -9223372036854775808, 9223372036854775807]}].
main([L]) ->
  Ts = lists:zip(lists:seq(1, length(terms())), terms()),
  [begin
     {srv, L} ! {echo, self(), I, T},
     receive {echoed, I, Back} ->
       io:format("~s: ~s~n", [Name, case Back =:= T of true -> "same"; false -> "DIFFERENT" end]),
       Back =:= T orelse io:format("#   sent ~P~n#   back ~P~n", [T, 12, Back, 12])
     after 10000 -> io:format("~s: timeout~n", [Name])
     end
   end || {I, {Name, T}} <- Ts],
  %% order: 2000 small messages, echoed back in order
  [{srv, L} ! {echo, self(), 1000 + K, K} || K <- lists:seq(1, 2000)],
  Got = [receive {echoed, J, V} when J =:= 1000 + K -> V after 10000 -> timeout end || K <- lists:seq(1, 2000)],
  io:format("order: ~s~n", [case Got =:= lists:seq(1, 2000) of true -> "same"; false -> "DIFFERENT" end]),
  %% halt() right after a send may drop it: wait for the answer first
  {srv, L} ! {stop, self()},
  receive stopping -> ok after 5000 -> ok end,
  halt().
ERL
compile_erl rtt

repl_node "$L" '
  register("srv", self()); print("ready")
  local E
  while true do
    local m = receive(20000)
    if m == nil then print("timeout") break end
    if typeof(m) == "tuple" and m[1] == atom.stop then send(m[2], atom.stopping) break end
    if typeof(m) == "tuple" and m[1] == atom.echo then
      E = m[2]
      send(m[2], tuple(atom.echoed, m[3], m[4]))
    else print("unexpected", tostring(m)) end
  end
  print("stopped")'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "rtt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 50; wait_gone "$l" 10
for t in "improper list" "bitstring" "reference" "pid" "port" "erlang fun" "external fun" \
         "unicode atom" "unicode binary" "1 MB binary" "list of 100000 integers" \
         "map of 200 keys" "500 nested tuples" "300 distinct atoms" "floats" \
         "integers at the edges" "order"; do
  if grep -qxF "$t: same" "$tmp/$E.out"; then ok "erl -> ours -> erl: $t comes back the same"
  else not_ok "erl -> ours -> erl: $t comes back the same"
    grep -A2 "^$t: " "$tmp/$E.out" | cut -c1-300 | sed 's/^/#   /'
    grep -q "^$t: " "$tmp/$E.out" || { echo "#   (no answer)"; tail -5 "$tmp/$L.out" | cut -c1-300 | sed 's/^/#   ours: /'; }
  fi
done
checkx "our node stops on erl's stop" "$tmp/$L.out" "stopped"
no_sanitizer_reports "no sanitizer reports from our nodes" "$tmp/$L.out" "$tmp/epmd.log"
done_tap

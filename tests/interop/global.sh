#!/bin/sh
# A mixed cluster where Erlang's global runs beside ours: two erl nodes and
# two repl nodes, all connected. Erlang's global names work among the erl
# nodes, ours among the repl nodes; Erlang's global traffic to our nodes
# (init_connect and the rest) is dropped without a word on either side; a
# disconnect and a node leaving leave no error or warning in any log. An
# erl node can still ask our global by rpc (global.whereis_name runs as
# Lua). Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 9)"
L1=lg1_$$; L2=lg2_$$; E1=eg1_$$; E2=eg2_$$

repl_node "$L1" "$LUA_PRE"'
  local me = spawn(function() while true do receive() end end)
  print("l1 register", global.register_name("lua_name", me))
  register("l1", self())
  print("ready")
  local m = receive(tuple(atom.go, ANY), 30000)
  if not m then print("no go") halt(1) end
  local E1, E2 = node_of(m[2]), "'"$E2@$HOST"'"
  print("l1 connect e2", node.connect(E2))
  print("l1 connect l2", node.connect("'"$L2@$HOST"'"))
  print("l1 nodes", #node.list())
  send(m[2], tuple(atom.lua_pid, me))
  receive(atom.disconnect, 30000)
  print("l1 disconnect e1", node.disconnect(E1))
  sleep(500)
  send(tuple("l2", "'"$L2@$HOST"'"), atom.bye)
  receive(atom.done, 30000)'
l1=$last_pid
repl_node "$L2" "$LUA_PRE"'
  register("l2", self())
  print("ready")
  receive(atom.bye, 60000)
  print("l2 sees lua_name", node_of(global.whereis_name("lua_name")))
  print("l2 names", R(global.registered_names()))
  send(tuple("l1", "'"$L1@$HOST"'"), atom.done)'
l2=$last_pid
wait_for "$tmp/$L1.out" '^ready' 20
wait_for "$tmp/$L2.out" '^ready' 20
erl_node "$E2" "register(e2, self()), receive stop -> halt() after 60000 -> halt() end."
e2=$last_pid
cat >"$tmp/mixed.erl" <<'ERL'
-module(mixed).
-export([main/1]).
main([L1, E2]) ->
  io:format("E1 ping e2 ~p~n", [net_adm:ping(E2)]),
  io:format("E1 ping l1 ~p~n", [net_adm:ping(L1)]),
  yes = global:register_name(erl_name, self()),
  Seen = wait_seen(E2, 50),
  io:format("E1 e2 sees erl_name ~p~n", [Seen]),
  {l1, L1} ! {go, self()},
  LuaPid = receive {lua_pid, P} -> P after 20000 -> none end,
  io:format("E1 l1 nodes ~p~n", [lists:member(L1, nodes())]),
  io:format("E1 our global has lua_name ~p~n", [global:whereis_name(lua_name)]),
  io:format("E1 rpc lua global ~p~n",
            [rpc:call(L1, global, whereis_name, [<<"lua_name">>]) =:= LuaPid]),
  {l1, L1} ! disconnect,
  timer:sleep(1500),
  io:format("E1 e2 still sees erl_name ~p~n", [rpc:call(E2, global, whereis_name, [erl_name]) =:= self()]),
  {e2, E2} ! stop,
  io:format("E1 done~n"),
  halt().
wait_seen(_, 0) -> false;
wait_seen(E2, K) ->
  case rpc:call(E2, global, whereis_name, [erl_name]) =:= self() of
    true -> true;
    false -> timer:sleep(100), wait_seen(E2, K - 1)
  end.
ERL
compile_erl mixed
erl_node "$E1" "mixed:main(['$L1@$HOST', '$E2@$HOST'])."
e1=$last_pid
wait_gone "$e1" 60; wait_gone "$e2" 20; wait_gone "$l1" 20; wait_gone "$l2" 20
O1="$tmp/$L1.out"; O2="$tmp/$L2.out"; EO1="$tmp/$E1.out"; EO2="$tmp/$E2.out"
T=$(printf '\t')

checkx "erl and erl connect" "$EO1" "E1 ping e2 pong"
checkx "erl and our node connect" "$EO1" "E1 ping l1 pong"
checkx "Erlang's global name is seen by the other erl node" "$EO1" "E1 e2 sees erl_name true"
checkx "our node connects to the second erl node too" "$O1" "l1 connect e2${T}true"
checkx "and to the other repl node" "$O1" "l1 connect l2${T}true"
checkx "our global name is seen by the other repl node" "$O2" "l2 sees lua_name${T}$L1@$HOST"
checkx "names are not shared with Erlang's global (documented)" "$EO1" "E1 our global has lua_name undefined"
checkx "an erl node asks our global by rpc" "$EO1" "E1 rpc lua global true"
checkx "after our node leaves erl, Erlang's names stand" "$EO1" "E1 e2 still sees erl_name true"
checkx "erl finished" "$EO1" "E1 done"
for f in "$EO1" "$EO2"; do
  if grep -qiE "error|warning|global:|crash" "$f"; then not_ok "no error or warning in $(basename "$f")" "$f"
  else ok "no error or warning in $(basename "$f")"; fi
done
for f in "$O1" "$O2"; do
  if grep -qiE "error|bad message|crashed" "$f"; then not_ok "no error on our node $(basename "$f")" "$f"
  else ok "no error on our node $(basename "$f")"; fi
done
no_sanitizer_reports "no sanitizer reports from our nodes" "$O1" "$O2" "$tmp/epmd.log"
done_tap

#!/bin/sh
# Hidden nodes between a real erl and ours, each side's view: our hidden
# node (--hidden) connected to a visible erl lists it in node.list("hidden")
# only, and erl lists us in nodes(hidden) only; erl -hidden connected to
# our visible node likewise, both ways. A plain monitor_nodes hears of no
# hidden connection, on either side; with node_type all (ours:
# {node_type = "all"}) both get {nodeup, Node, [{node_type, hidden}]}.
# Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 11)"
L1=lhid1_$$; E1=ehid1_$$; L2=lhid2_$$; E2=ehid2_$$; T=$(printf '\t')

cat >"$tmp/hidt.erl" <<'ERL'
-module(hidt).
-export([visible/1, hidden/1]).

say(What, Value) -> io:format("~s: ~0p~n", [What, Value]).

%% Tells our node L it may end, and halts once it has (a halt at once
%% could drop the message).
bye(L) ->
  monitor_node(L, true),
  {srv, L} ! done,
  receive {nodedown, L} -> ok after 10000 -> say("nodedown", timeout) end,
  halt().

%% A visible erl; our hidden node L connects to it.
visible([L]) ->
  ok = net_kernel:monitor_nodes(true),
  ok = net_kernel:monitor_nodes(true, [{node_type, all}]),
  io:format("ready~n"),
  receive {nodeup, L, Info} -> say("typed nodeup", Info)
  after 20000 -> say("typed nodeup", timeout) end,
  say("plain nodeup", receive {nodeup, L} -> came after 300 -> none end),
  say("nodes", nodes()),
  say("hidden", nodes(hidden)),
  bye(L).

%% A hidden erl (-hidden); it connects to our visible node L.
hidden([L]) ->
  say("connect", net_kernel:connect_node(L)),
  say("nodes", nodes()),
  say("hidden", nodes(hidden)),
  bye(L).
ERL
compile_erl hidt

# ---- our hidden node, erl's visible one ----
erl_node "$E1" "hidt:visible(['$L1@$HOST'])."
e1=$last_pid
wait_for "$tmp/$E1.out" '^ready' 20
repl_node "$L1" "$LUA_PRE"'
  local E = "'"$E1@$HOST"'"
  node.monitor_nodes(true)
  node.monitor_nodes(true, {node_type = "all"})
  register("srv", self())
  print("connect", node.connect(E))
  print("list", R(node.list()), R(node.list("hidden")))
  print("typed", R(receive(tuple(atom.nodeup, E, ANY), 5000)))
  print("plain", R(receive(tuple(atom.nodeup, E), 300)))
  receive(atom.done, 20000)' --hidden
l1=$last_pid
wait_gone "$e1" 30; wait_gone "$l1" 10
O="$tmp/$L1.out"; EO="$tmp/$E1.out"
checkx "our hidden node connects to a visible erl" "$O" "connect${T}true"
checkx "its node.list() is [], its node.list(\"hidden\") is erl, as iex --hidden" "$O" \
  "list${T}[]${T}[\"$E1@$HOST\"]"
checkx "its monitor_nodes(true, {node_type = \"all\"}): nodeup, node_type hidden" "$O" \
  "typed${T}{:nodeup, \"$E1@$HOST\", [{:node_type, :hidden}]}"
checkx "its plain monitor_nodes(true): no nodeup" "$O" "plain${T}nil"
checkx "erl's nodes() is []" "$EO" "nodes: []"
checkx "erl's nodes(hidden) is our node" "$EO" "hidden: [$L1@$HOST]"
checkx "erl's monitor_nodes with node_type all: hidden" "$EO" "typed nodeup: [{node_type,hidden}]"
checkx "erl's plain monitor_nodes: no nodeup" "$EO" "plain nodeup: none"

# ---- erl -hidden, our visible node ----
repl_node "$L2" "$LUA_PRE"'
  local E = "'"$E2@$HOST"'"
  node.monitor_nodes(true)
  node.monitor_nodes(true, {node_type = "all"})
  register("srv", self())
  print("ready")
  print("done", receive(atom.done, 30000) ~= nil)
  print("list", R(node.list()), R(node.list("hidden")))
  print("typed", R(receive(tuple(atom.nodeup, E, ANY), 0)))
  print("plain", R(receive(tuple(atom.nodeup, E), 0)))'
l2=$last_pid
wait_for "$tmp/$L2.out" '^ready' 20
ERL_EXTRA="-hidden"
erl_node "$E2" "hidt:hidden(['$L2@$HOST'])."
e2=$last_pid
ERL_EXTRA=""
wait_gone "$e2" 30; wait_gone "$l2" 10
O2="$tmp/$L2.out"; EO2="$tmp/$E2.out"
checkx "erl -hidden connects to our visible node" "$EO2" "connect: true"
checkx "erl -hidden: nodes() is []" "$EO2" "nodes: []"
checkx "erl -hidden: nodes(hidden) is our node" "$EO2" "hidden: [$L2@$HOST]"
checkx "our node.list() has not the hidden erl; node.list(\"hidden\") has" "$O2" \
  "list${T}[]${T}[\"$E2@$HOST\"]"
checkx "our node_type all subscription: nodeup, node_type hidden" "$O2" \
  "typed${T}{:nodeup, \"$E2@$HOST\", [{:node_type, :hidden}]}"
checkx "our plain subscription: no nodeup" "$O2" "plain${T}nil"
no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$O2" "$tmp/epmd.log"
done_tap

#!/bin/sh
# Interop with a real erl, on our embedded epmd: ping both ways, node.list
# and nodes() on both sides, a wrong cookie refused both ways. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 1)"
L1=l1_$$; E1=e1_$$; L2=l2_$$; E2=e2_$$; L3=l3_$$; E3=e3_$$

# ---- ours pings erl (we open the connection) ----
erl_node "$E1" 'register(ctl, self()), io:format("ready~n"),
  receive {from_lua, P, L} ->
    io:format("lua list: ~p~nnodes: ~p~n", [L, nodes()]),
    monitor_node(node(P), true), P ! {nodes, nodes()},
    receive {nodedown, _} -> ok after 20000 -> io:format("no nodedown~n") end
  after 30000 -> io:format("timeout~n") end, halt().'
e1=$last_pid
wait_for "$tmp/$E1.out" '^ready' 20
repl_node "$L1" "$LUA_PRE"'
  print("ping", node.ping("'"$E1@$HOST"'"))
  print("list", R(node.list()))
  print("nowhere", node.ping("nosuch_'$$'@'"$HOST"'"))
  send(tuple("ctl", "'"$E1@$HOST"'"), tuple(atom.from_lua, self(), node.list()))
  print("reply", R(receive(10000)))'
l1=$last_pid
wait_gone "$l1" 30; wait_gone "$e1" 10
checkx "node.ping(erl) from our node: pong" "$tmp/$L1.out" "ping	pong"
checkx "our node.list() holds the erl node" "$tmp/$L1.out" "list	[\"$E1@$HOST\"]"
checkx "node.ping of a node no epmd knows: pang" "$tmp/$L1.out" "nowhere	pang"
checkx "erl receives our node.list() as a list of binaries" "$tmp/$E1.out" "lua list: [<<\"$E1@$HOST\">>]"
checkx "erl's nodes() holds our node" "$tmp/$E1.out" "nodes: [$L1@$HOST]"
checkx "we receive erl's nodes() as a list of atoms" "$tmp/$L1.out" "reply	{:nodes, [:$L1@$HOST]}"

# ---- erl pings ours (erl opens the connection) ----
repl_node "$L2" "$LUA_PRE"'
  register("srv", self()); print("ready")
  local m = receive(30000)
  print("got", R(m)); print("list", R(node.list()))'
l2=$last_pid
wait_for "$tmp/$L2.out" '^ready' 20
erl_node "$E2" 'R = net_adm:ping('"'$L2@$HOST'"'), io:format("ping: ~p~n", [R]),
  io:format("nodes: ~p~n", [nodes()]),
  monitor_node('"'$L2@$HOST'"', true), {srv, '"'$L2@$HOST'"'} ! {hi, nodes()},
  receive {nodedown, _} -> ok after 20000 -> io:format("no nodedown~n") end, halt().'
e2=$last_pid
wait_gone "$l2" 30; wait_gone "$e2" 10
checkx "net_adm:ping(our node) from erl: pong" "$tmp/$E2.out" "ping: pong"
checkx "erl's nodes() after its ping holds our node" "$tmp/$E2.out" "nodes: [$L2@$HOST]"
checkx "our node gets erl's message with its nodes()" "$tmp/$L2.out" "got	{:hi, [:$L2@$HOST]}"
checkx "our node.list() holds the erl node that pinged us" "$tmp/$L2.out" "list	[\"$E2@$HOST\"]"

# ---- a wrong cookie, both ways ----
# Neither side can message the other, so each waits for a file.
repl_node "$L3" "$LUA_PRE"'
  local function await(f)
    for _ = 1, 300 do
      local h = io.open(f); if h then h:close(); return true end
      sleep(100)
    end
  end
  print("ready")
  await("'"$tmp/go3"'")
  print("list", R(node.list()))
  local ok, why = node.connect("'"$E3@$HOST"'")
  print("connect", ok, why)
  print("list2", R(node.list()))'
l3=$last_pid
wait_for "$tmp/$L3.out" '^ready' 20
erl_node "$E3" 'io:format("ping: ~p~n", [net_adm:ping('"'$L3@$HOST'"')]),
  io:format("nodes: ~p~n", [nodes()]),
  Wait = fun W(0) -> timeout; W(K) -> case filelib:is_file("'"$tmp"'/stop3") of
    true -> ok; false -> timer:sleep(100), W(K - 1) end end,
  io:format("waited: ~p~n", [Wait(300)]),
  io:format("nodes2: ~p~n", [nodes()]), halt().' wrong_cookie
e3=$last_pid
wait_for "$tmp/$E3.out" '^nodes:' 20
touch "$tmp/go3"
wait_gone "$l3" 30
touch "$tmp/stop3"
wait_gone "$e3" 10
checkx "erl with a wrong cookie pings our node: pang" "$tmp/$E3.out" "ping: pang"
checkx "and its nodes() stays empty" "$tmp/$E3.out" "nodes: []"
checkx "our node.list() stays empty after erl's attempt" "$tmp/$L3.out" "list	[]"
check "node.connect to erl with a wrong cookie: false and a reason naming the cookie" \
  "$tmp/$L3.out" "^connect	false	.*cookie"
checkx "our node.list() stays empty after our attempt" "$tmp/$L3.out" "list2	[]"
checkx "erl's nodes() stays empty after our attempt" "$tmp/$E3.out" "nodes2: []"
check "erl logs our connection attempt as rejected" "$tmp/$E3.out" "rejected\|Invalid challenge"

check "erl registered with our epmd (its log)" "$tmp/epmd.log" "^epmd: registered $E1 at port"
check "our node registered with our epmd (its log)" "$tmp/epmd.log" "^epmd: registered $L1 at port"

no_sanitizer_reports "no sanitizer reports from our nodes" \
  "$tmp/$L1.out" "$tmp/$L2.out" "$tmp/$L3.out" "$tmp/epmd.log"
done_tap

#!/bin/sh
# rpc between a real erl, Elixir and our node, both ways. erl -> us:
# rpc:call and erpc:call of string:upper run Lua's string.upper; a Lua
# error, an undefined function and a timeout give rpc's badrpc and erpc's
# exceptions; rpc:block_call and rpc:sbcast (the rex server); rpc:cast;
# rpc:multicall over erl, our node and a node that does not exist. Us ->
# erl: rpc.call("erl@host", "erlang", "node", {}), an Erlang error, an
# undefined function, a timeout, a closure (refused: not a repl node),
# rpc.multicall over erl and us, rpc.cast. Elixir: :rpc.call and
# :erpc.call of :string.upper on our node. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 11)"
L=lrpc_$$; E=erpc_$$; X=xrpc_$$; T=$(printf '\t')
LN="$L@$HOST"; EN="$E@$HOST"

cat >"$tmp/greeter.erl" <<'ERL'
-module(greeter).
-export([hello/1, main/1]).
hello(Name) -> <<"erl says hello ", Name/binary>>.

p(Label, Term) -> io:format("~s: ~0p~n", [Label, Term]).

main([L]) ->
  p("rpc upper", rpc:call(L, string, upper, [<<"hello">>])),
  p("erpc upper", erpc:call(L, string, upper, [<<"hello">>])),
  p("rpc lua greeter", rpc:call(L, greeter, hello, [<<"erl">>])),
  p("rpc error", rpc:call(L, greeter, boom, [])),
  p("rpc undef", rpc:call(L, string, nosuch, [<<"x">>])),
  p("erpc undef", try erpc:call(L, string, nosuch, []) catch C1:R1 -> {C1, R1} end),
  p("erpc error", try erpc:call(L, greeter, boom, []) catch C2:R2 -> {C2, R2} end),
  p("rpc exit", rpc:call(L, greeter, quit, [<<"bye">>])),
  p("rpc timeout", rpc:call(L, greeter, slow, [3000], 200)),
  p("rpc within timeout", rpc:call(L, string, upper, [<<"t">>], 5000)),
  p("block_call", rpc:block_call(L, string, upper, [<<"rex">>])),
  p("block_call error", rpc:block_call(L, greeter, boom, [])),
  p("sbcast", rpc:sbcast([L], srv, {sb, self()})),
  receive {sbcast_seen, _} = S -> p("sbcast seen", S) after 5000 -> p("sbcast seen", timeout) end,
  p("cast", rpc:cast(L, greeter, note, [self(), <<"cast">>])),
  receive {noted, _, _} = N -> p("cast got", N) after 5000 -> p("cast got", timeout) end,
  Bad = list_to_atom("nosuch_" ++ atom_to_list(node())),
  p("multicall", rpc:multicall([node(), L, Bad], greeter, hello, [<<"m">>])),
  {srv, L} ! {go, self()},
  receive done -> p("done", ok) after 30000 -> p("done", timeout) end,
  halt().
ERL
compile_erl greeter

repl_node "$L" "$LUA_PRE"'
  greeter = {
    hello = function(name) return "lua says hello " .. name end,
    boom = function() error("kaboom in lua", 0) end,
    quit = function(r) exit(r) end,
    slow = function(ms) sleep(ms) return "slept" end,
    note = function(to, what) send(to, tuple(atom.noted, what, node.self())) end,
  }
  register("srv", self()); print("ready")
  local function show(label, v, e) print(label, R(v), e == nil and "-" or R(e)) end
  local g
  while true do
    g = receive(30000)
    if g == nil then print("no go") halt(1) end
    if g[1] == atom.sb then send(g[2], tuple(atom.sbcast_seen, node.self())) end
    if g[1] == atom.go then break end
  end
  local E = node_of(g[2])
  show("node", rpc.call(E, "erlang", "node", {}))
  show("node-atom", rpc.call(atom(E), atom.erlang, atom.node, {}))
  show("error", rpc.call(E, "erlang", "error", {atom.oops}))
  show("undef", rpc.call(E, "nosuchmod", "f", {1}))
  show("exit", rpc.call(E, "erlang", "exit", {atom.bye}))
  show("throw", rpc.call(E, "erlang", "throw", {atom.thrown}))
  show("timeout", rpc.call(E, "timer", "sleep", {3000}, 200))
  local cv, ce = rpc.call(E, function() return 1 end)
  print("closure", R(cv), R(ce[1]), ce[2])
  local res, bad = rpc.multicall({E, node.self()}, "greeter", "hello", {"mc"})
  print("multicall", R(res), R(bad))
  print("cast", rpc.cast(E, "erlang", "send", {self(), tuple(atom.casted, 1)}))
  print("cast got", R(receive(tuple(atom.casted, ANY), 5000)))
  print("mailbox empty", receive(0) == nil)
  node.monitor(E, true)
  send(g[2], atom.done)
  receive(tuple(atom.nodedown, ANY), 20000)'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "greeter:main(['$LN'])."
e=$last_pid
wait_gone "$e" 60; wait_gone "$l" 10
O="$tmp/$L.out"; EO="$tmp/$E.out"

checkx "erl rpc:call(L, string, upper, [<<\"hello\">>]) runs Lua's string.upper" "$EO" 'rpc upper: <<"HELLO">>'
checkx "erl erpc:call(L, string, upper, [<<\"hello\">>])" "$EO" 'erpc upper: <<"HELLO">>'
checkx "erl rpc:call of a Lua global table's function" "$EO" 'rpc lua greeter: <<"lua says hello erl">>'
checkx "a Lua error: {badrpc, {'EXIT', {Message, Stack}}}" "$EO" \
  "rpc error: {badrpc,{'EXIT',{<<\"kaboom in lua\">>,[{greeter,boom,0,[]}]}}}"
checkx "an undefined function: {badrpc, {'EXIT', {undef, [{M, F, Args, []}]}}}" "$EO" \
  "rpc undef: {badrpc,{'EXIT',{undef,[{string,nosuch,[<<\"x\">>],[]}]}}}"
checkx "erpc:call of an undefined function raises error {exception, undef, ...}" "$EO" \
  "erpc undef: {error,{exception,undef,[{string,nosuch,[],[]}]}}"
checkx "erpc:call of a failing function raises error {exception, Message, Stack}" "$EO" \
  "erpc error: {error,{exception,<<\"kaboom in lua\">>,[{greeter,boom,0,[]}]}}"
checkx "exit(reason) in Lua: {badrpc, {'EXIT', Reason}}" "$EO" "rpc exit: {badrpc,{'EXIT',<<\"bye\">>}}"
checkx "erl rpc:call with a timeout too short: {badrpc, timeout}" "$EO" "rpc timeout: {badrpc,timeout}"
checkx "erl rpc:call within its timeout" "$EO" 'rpc within timeout: <<"T">>'
checkx "rpc:block_call (the rex server's gen_server call)" "$EO" 'block_call: <<"REX">>'
checkx "rpc:block_call of a failing function: badrpc" "$EO" \
  "block_call error: {badrpc,{'EXIT',{<<\"kaboom in lua\">>,[{greeter,boom,0,[]}]}}}"
checkx "rpc:sbcast([L], srv, Msg) through rex: {[L], []}" "$EO" "sbcast: {[$LN],[]}"
checkx "... and srv got the message" "$EO" "sbcast seen: {sbcast_seen,<<\"$LN\">>}"
checkx "rpc:cast(L, ...) returns true" "$EO" "cast: true"
checkx "... and runs the Lua function" "$EO" "cast got: {noted,<<\"cast\">>,<<\"$LN\">>}"
checkx "rpc:multicall over erl, our node and a node that does not exist" "$EO" \
  "multicall: {[<<\"erl says hello m\">>,<<\"lua says hello m\">>],[nosuch_$EN]}"
checkx "rpc.call(erl, \"erlang\", \"node\", {}) returns its node (an atom)" "$O" "node$T:$EN$T-"
checkx "node and names as atoms" "$O" "node-atom$T:$EN$T-"
check "an Erlang error: nil, {:badrpc, {:EXIT, {:oops, stack}}}" "$O" "^error${T}nil$T{:badrpc, {:EXIT, {:oops, \[{:erlang, :error, \[:oops\]"
checkx "an undefined Erlang function: {:badrpc, {:EXIT, {:undef, ...}}}" "$O" \
  "undef${T}nil$T{:badrpc, {:EXIT, {:undef, [{:nosuchmod, :f, [1], []}]}}}"
checkx "erlang:exit there: {:badrpc, {:EXIT, :bye}}" "$O" "exit${T}nil$T{:badrpc, {:EXIT, :bye}}"
checkx "erlang:throw there: the value, as rpc:call returns it" "$O" "throw$T:thrown$T-"
checkx "a timeout on erl: {:badrpc, :timeout}" "$O" "timeout${T}nil$T{:badrpc, :timeout}"
check "a closure to erl: a badrpc saying it is not a repl node" "$O" "^closure${T}nil$T:badrpc$T$EN is not a repl node"
checkx "rpc.multicall over erl and us" "$O" "multicall$T[\"erl says hello mc\", \"lua says hello mc\"]$T[]"
checkx "rpc.cast to erl returns true" "$O" "cast${T}true"
checkx "... and erlang:send ran there" "$O" "cast got$T{:casted, 1}"
checkx "nothing else in our mailbox (late replies, spawn replies)" "$O" "mailbox empty${T}true"
checkx "erl is done" "$EO" "done: ok"

# ---- Elixir ----
if command -v elixir >/dev/null 2>&1; then
  repl_node "${L}x" "$LUA_PRE"'
    register("srv", self()); print("ready")
    local m = receive(tuple(atom.bye, ANY), 30000)
    print("bye", m and node_of(m[2]))'
  lx=$last_pid
  wait_for "$tmp/${L}x.out" '^ready' 20
  ERL_EPMD_PORT=$EPMD_PORT elixir --sname "$X" --cookie "$COOKIE" --erl "-start_epmd false" -e '
    n = :"'"${L}x@$HOST"'"
    :rpc.call(n, :string, :upper, ["hello"]) |> IO.inspect(label: "rpc")
    :erpc.call(n, :string, :upper, ["hello"]) |> IO.inspect(label: "erpc")
    :rpc.call(n, :string, :nosuch, ["x"]) |> IO.inspect(label: "undef")
    send({:srv, n}, {:bye, self()})' >"$tmp/$X.out" 2>&1 &
  x=$!; pids="$pids $x"
  wait_gone "$x" 40; wait_gone "$lx" 10
  checkx "Elixir :rpc.call(lua, :string, :upper, [\"hello\"])" "$tmp/$X.out" 'rpc: "HELLO"'
  checkx "Elixir :erpc.call(lua, :string, :upper, [\"hello\"])" "$tmp/$X.out" 'erpc: "HELLO"'
  checkx "Elixir :rpc.call of an undefined function" "$tmp/$X.out" \
    'undef: {:badrpc, {:EXIT, {:undef, [{:string, :nosuch, ["x"], []}]}}}'
  no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/${L}x.out" "$tmp/epmd.log"
else
  skip "elixir is not installed"
  no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
fi
done_tap

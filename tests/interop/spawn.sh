#!/bin/sh
# Remote spawn with module, function, arguments between a real erl and our
# node: node.spawn(erl, "io", "format", ...) prints on OUR output (we are the
# group leader); erl's spawn(LuaNode, string, upper, [<<"x">>]) runs Lua's
# string.upper; erl spawns a function of a Lua global table the node
# defined and gets its reply; what that process prints appears on erl's
# output; an undefined Lua function ends the process with a reason that
# says so. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 4)"
L=lsp_$$; E=esp_$$; T=$(printf '\t')

cat >"$tmp/spawnt.erl" <<'ERL'
-module(spawnt).
-export([main/1]).
main([L]) ->
  {P1, R1} = spawn_monitor(L, string, upper, [<<"x">>]),
  io:format("upper pid node: ~p~n", [node(P1)]),
  receive {'DOWN', R1, process, P1, W1} -> io:format("upper down: ~0p~n", [W1])
  after 10000 -> io:format("timeout upper~n") end,
  P2 = spawn(L, greeter, hello, [self(), <<"erl">>]),
  receive {greeting, G, P2} -> io:format("greeting: ~0p~n", [G])
  after 10000 -> io:format("timeout greeting~n") end,
  {P3, R3} = spawn_monitor(L, greeter, shout, [<<"hi">>]),
  receive {'DOWN', R3, process, P3, W3} -> io:format("shout down: ~0p~n", [W3])
  after 10000 -> io:format("timeout shout~n") end,
  {P4, R4} = spawn_monitor(L, greeter, nosuch, []),
  receive {'DOWN', R4, process, P4, W4} -> io:format("nosuch down: ~0p~n", [W4])
  after 10000 -> io:format("timeout nosuch~n") end,
  process_flag(trap_exit, true),
  P5 = spawn_link(L, greeter, crash, [<<"crashed here">>]),
  receive {'EXIT', P5, W5} -> io:format("crash exit: ~0p~n", [W5])
  after 10000 -> io:format("timeout crash~n") end,
  {srv, L} ! {go, self()},
  receive done -> io:format("done~n") after 20000 -> io:format("timeout done~n") end,
  halt().
ERL
compile_erl spawnt

repl_node "$L" "$LUA_PRE"'
  greeter = {
    hello = function(pid, name) send(pid, tuple(atom.greeting, "hello " .. name, self())) end,
    shout = function(s) print("shout: " .. s) end,
    crash = function(s) error(s, 0) end,
  }
  register("srv", self()); print("ready")
  local g = receive(tuple(atom.go, ANY), 30000)
  if not g then print("no go") halt(1) end
  local E = node_of(g[2])
  local p, why = node.spawn(E, "io", "format", {"hello ~p~n", {atom.world}})
  print("spawned", typeof(p), p and node_of(p), why)
  trap_exit(true)  -- spawn_link links as the reply passes: no race with a quick exit
  p = node.spawn_link(E, "io", "format", {"again ~p~n", {tuple(1, "two")}})
  local m = receive(tuple(atom.EXIT, p, ANY), 10000)
  print("format exit", m and R(m[3]))
  local q = node.spawn_link(E, "erlang", "exit", {tuple(atom.bye, 1)})
  m = receive(tuple(atom.EXIT, q, ANY), 10000)
  print("exit exit", m and R(m[3]))
  node.monitor(E, true)
  send(g[2], atom.done)
  receive(tuple(atom.nodedown, ANY), 20000)'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "spawnt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 40; wait_gone "$l" 10
O="$tmp/$L.out"; EO="$tmp/$E.out"

checkx "erl spawn_monitor(L, string, upper, [<<\"x\">>]): a pid of our node" "$EO" "upper pid node: $L@$HOST"
checkx "and string.upper returns: DOWN normal" "$EO" "upper down: normal"
checkx "erl spawns greeter.hello on our node, which replies: <<\"hello erl\">>" "$EO" 'greeting: <<"hello erl">>'
checkx "erl spawns greeter.shout: its print appears on erl's output (group leader)" "$EO" "shout: hi"
if grep -q "shout: hi" "$O"; then not_ok "... and not on ours" "$O"; else ok "... and not on ours"; fi
checkx "greeter.shout ends normally" "$EO" "shout down: normal"
check "erl spawns greeter.nosuch: the process ends with a reason that names it" "$EO" "^nosuch down: .*greeter.nosuch"
checkx "erl spawn_link(L, greeter, crash, [<<\"crashed here\">>]): its trapping process gets 'EXIT' with <<\"crashed here\">>" \
  "$EO" 'crash exit: <<"crashed here">>'
checkx "node.spawn(erl, \"io\", \"format\", ...) returns a pid of erl's node" "$O" "spawned${T}pid$T$E@$HOST${T}nil"
checkx "its io:format prints hello world on OUR output (we are its group leader)" "$O" "hello world"
if grep -q "hello world" "$EO"; then not_ok "... and not on erl's" "$EO"; else ok "... and not on erl's"; fi
checkx "node.spawn_link(erl, \"io\", \"format\", {\"again ~p~n\", {tuple(1, \"two\")}}) prints on our output" "$O" 'again {1,<<"two">>}'
checkx "and the linked io:format process ends normally: EXIT :normal" "$O" "format exit$T:normal"
checkx "node.spawn_link(erl, \"erlang\", \"exit\", {tuple(atom.bye, 1)}): EXIT with {:bye, 1}" "$O" "exit exit$T{:bye, 1}"
checkx "erl gets done" "$EO" "done"

no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
done_tap

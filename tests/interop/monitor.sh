#!/bin/sh
# Monitors, links and node monitoring between a real erl and our node:
# monitors both ways deliver DOWN with the exit reason (noproc for a dead
# process); links both ways deliver EXIT to a trapping process; when the
# erl node halts or is killed (-9) our node.monitor gets nodedown and our
# monitors and links noconnection; when our node is killed -9, erl's
# monitor_node gets nodedown and its monitor and link noconnection.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 3)"
L1=lm1_$$; E1=em1_$$; T=$(printf '\t')

cat >"$tmp/mont.erl" <<'ERL'
-module(mont).
-export([main/1, procs/1, watch/1]).
%% Monitors and links with the Lua node L, step by step (see monitor.sh).
main([L]) ->
  process_flag(trap_exit, true),
  V = spawn(fun() -> receive die -> exit({bye, 42}) end end),
  {srv, L} ! {victim, V, self()},
  {W1, W2, W3, LM} = receive {lua_procs, A, B, C, D} -> {A, B, C, D}
    after 20000 -> io:format("timeout lua_procs~n"), halt(1) end,
  R1 = monitor(process, W1), W1 ! go,
  receive {'DOWN', R1, process, W1, Why1} -> io:format("down1 ~0p~n", [Why1])
  after 10000 -> io:format("timeout down1~n") end,
  R2 = monitor(process, W2), W2 ! go,
  receive {'DOWN', R2, process, W2, Why2} -> io:format("down2 ~0p~n", [Why2])
  after 10000 -> io:format("timeout down2~n") end,
  W3 ! {link, self()},
  receive linked -> W3 ! go after 10000 -> io:format("timeout linked~n") end,
  receive {'EXIT', W3, Why3} -> io:format("exit3 ~0p~n", [Why3])
  after 10000 -> io:format("timeout exit3~n") end,
  spawn(fun() -> link(LM), LM ! {linker, self()},
                 receive go -> exit({crash, 1}) end end),
  R4 = monitor(process, {srv2, L}), {srv2, L} ! go,
  receive {'DOWN', R4, process, Who4, Why4} -> io:format("down4 ~0p ~0p~n", [Who4, Why4])
  after 10000 -> io:format("timeout down4~n") end,
  R5 = monitor(process, {nosuch, L}),
  receive {'DOWN', R5, process, _, Why5} -> io:format("down5 ~0p~n", [Why5])
  after 10000 -> io:format("timeout down5~n") end,
  Y = spawn(fun() -> receive after infinity -> ok end end),
  R6 = monitor(process, Y), LM ! {kill_me, Y},
  receive {'DOWN', R6, process, Y, Why6} -> io:format("down6 ~0p~n", [Why6])
  after 10000 -> io:format("timeout down6~n") end,
  exit(LM, {remote_exit, 5}),
  register(ereg, spawn(fun() -> receive go -> exit({named_e, 1}) end end)),
  LM ! ereg_ready,
  receive done -> io:format("done~n")
  after 10000 -> io:format("timeout done~n") end,
  halt().
%% Two idle processes for the Lua node to monitor and link to, then halt
%% when told (or wait to be killed).
procs([L]) ->
  Idle = fun() -> receive _ -> ok end end,
  {srv, L} ! {procs, spawn(Idle), spawn(Idle), self()},
  receive halt -> io:format("halting~n"), halt() after 30000 -> halt(1) end.
%% Watches the Lua node L: monitor_node, a monitor and a link to its srv.
watch([L]) ->
  process_flag(trap_exit, true),
  {srv, L} ! {hello, self()},
  P = receive {pid, P0} -> P0 after 10000 -> io:format("timeout pid~n"), halt(1) end,
  monitor_node(L, true), Ref = monitor(process, P), link(P),
  io:format("armed~n"),
  [receive
     {nodedown, L} -> io:format("nodedown~n");
     {'DOWN', Ref, process, P, Why} -> io:format("DOWN ~0p~n", [Why]);
     {'EXIT', P, Why} -> io:format("EXIT ~0p~n", [Why])
   after 15000 -> io:format("timeout~n")
   end || _ <- [1, 2, 3]],
  halt().
ERL
compile_erl mont

# ---- monitors and links both ways ----
repl_node "$L1" "$LUA_PRE"'
  trap_exit(true)
  register("srv", self()); print("ready")
  local h = receive(tuple(atom.victim, ANY, ANY), 20000)
  local V, EM = h[2], h[3]
  local ref = monitor(V)
  send(V, atom.die)
  local m = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 10000)
  print("down_from_erl", m and R(m[3]), m and m[4] == V, m and R(m[5]))
  local ref2 = monitor(V)
  m = receive(tuple(atom.DOWN, ref2, ANY, ANY, ANY), 10000)
  print("down_dead", m and R(m[5]))
  local w1 = spawn(function() receive(); exit(tuple(atom.oops, 7)) end)
  local w2 = spawn(function() receive(); error("boom", 0) end)
  register("srv2", spawn(function() receive(); exit(tuple(atom.named, 4)) end))
  local w3 = spawn(function()
    trap_exit(false)
    local m = receive(); link(m[2]); send(m[2], atom.linked)
    receive(); exit(tuple(atom.lcrash, 2)) end)
  send(EM, tuple(atom.lua_procs, w1, w2, w3, self()))
  local x = receive(tuple(atom.linker, ANY), 20000)
  if x then
    send(x[2], atom.go)
    m = receive(tuple(atom.EXIT, x[2], ANY), 10000)
    print("exit_from_erl", m and R(m[3]))
  else print("no linker") end
  local k = receive(tuple(atom.kill_me, ANY), 10000)
  if k then exit(k[2], "kill") end
  m = receive(tuple(atom.EXIT, EM, ANY), 10000)
  print("exit_signal", m and R(m[3]))
  receive(function(x) return x == atom.ereg_ready end, 10000)
  local E = node_of(EM)
  local ref3 = monitor(tuple("ereg", E))
  send(tuple("ereg", E), atom.go)
  m = receive(tuple(atom.DOWN, ref3, ANY, ANY, ANY), 10000)
  print("down_named", m and R(m[4]), m and R(m[5]))
  local ref4 = monitor(tuple("nosuch", E))
  m = receive(tuple(atom.DOWN, ref4, ANY, ANY, ANY), 10000)
  print("down_named_nosuch", m and R(m[5]))
  node.monitor(node_of(EM), true)
  send(EM, atom.done)
  receive(tuple(atom.nodedown, ANY), 20000)'
l1=$last_pid
wait_for "$tmp/$L1.out" '^ready' 20
erl_node "$E1" "mont:main(['$L1@$HOST'])."
e1=$last_pid
wait_gone "$e1" 40; wait_gone "$l1" 10
O="$tmp/$L1.out"; EO="$tmp/$E1.out"
checkx "we monitor an erl process that exits with {bye, 42}: DOWN, :process, its pid, that reason" \
  "$O" "down_from_erl$T:process${T}true$T{:bye, 42}"
checkx "we monitor an erl process that is already dead: DOWN with :noproc" "$O" "down_dead$T:noproc"
checkx "erl monitors our process that calls exit(tuple(atom.oops, 7)): 'DOWN' with {oops,7}" "$EO" "down1 {oops,7}"
checkx "erl monitors our process that raises error(\"boom\", 0): 'DOWN' with <<\"boom\">>" "$EO" "down2 <<\"boom\">>"
checkx "our process linked to a trapping erl process exits with {lcrash, 2}: erl gets 'EXIT' with it" "$EO" "exit3 {lcrash,2}"
checkx "an erl process linked to our trapping process exits with {crash,1}: we get EXIT with it" \
  "$O" "exit_from_erl$T{:crash, 1}"
checkx "erl monitors {srv2, node} of ours, which exits with {named, 4}: 'DOWN' names {srv2, node}, reason {named,4}" \
  "$EO" "down4 {srv2,$L1@$HOST} {named,4}"
checkx "erl monitors {nosuch, node} on ours: 'DOWN' noproc" "$EO" "down5 noproc"
checkx "our exit(erl_pid, \"kill\") kills an erl process: 'DOWN' killed" "$EO" "down6 killed"
checkx "erl's exit(our_pid, {remote_exit, 5}) reaches our trapping process as EXIT" "$O" "exit_signal$T{:remote_exit, 5}"
checkx "we monitor tuple(\"ereg\", erl) that exits with {named_e, 1}: DOWN names {:ereg, node} (node a string, as in the API), that reason" \
  "$O" "down_named$T{:ereg, \"$E1@$HOST\"}$T{:named_e, 1}"
checkx "we monitor tuple(\"nosuch\", erl): DOWN :noproc" "$O" "down_named_nosuch$T:noproc"
checkx "erl gets done at the end" "$EO" "done"

# ---- the erl node goes away: halt, then kill -9 ----
nodedown_case() {   # nodedown_case LUANAME ERLNAME halt|kill
  repl_node "$1" "$LUA_PRE"'
    trap_exit(true)
    register("srv", self()); print("ready")
    local h = receive(tuple(atom.procs, ANY, ANY, ANY), 20000)
    local E = node_of(h[4])
    node.monitor(E, true)
    local ref = monitor(h[2])
    link(h[3])
    print("armed")
    if "'"$3"'" == "halt" then send(h[4], atom.halt) end
    for _ = 1, 3 do
      local m = receive(10000)
      if m == nil then print("timeout")
      elseif m[1] == atom.nodedown then print("nodedown", m[2] == E)
      elseif m[1] == atom.DOWN then print("DOWN", m[2] == ref, R(m[5]))
      elseif m[1] == atom.EXIT then print("EXIT", m[2] == h[3], R(m[3]))
      else print("other", R(m)) end
    end
    print("list", R(node.list()))'
  lp=$last_pid
  wait_for "$tmp/$1.out" '^ready' 20
  erl_node "$2" "mont:procs(['$1@$HOST'])."
  ep=$last_pid
  wait_for "$tmp/$1.out" '^armed' 20
  [ "$3" = kill ] && kill -9 "$ep"
  wait_gone "$ep" 20; wait_gone "$lp" 30
  O="$tmp/$1.out"
  checkx "erl node $3: our node.monitor gets nodedown for it" "$O" "nodedown${T}true"
  checkx "erl node $3: our monitor of its process gets DOWN :noconnection" "$O" "DOWN${T}true$T:noconnection"
  checkx "erl node $3: our trapping process linked to its process gets EXIT :noconnection" "$O" "EXIT${T}true$T:noconnection"
  checkx "erl node $3: our node.list() is empty after" "$O" "list$T[]"
}
nodedown_case lm2_$$ em2_$$ halt
nodedown_case lm3_$$ em3_$$ kill

# ---- our node is killed -9 ----
L4=lm4_$$; E4=em4_$$
repl_node "$L4" '
  register("srv", self()); print("ready")
  local h = receive(tuple(atom.hello, ANY), 20000)
  send(h[2], tuple(atom.pid, self()))
  receive(30000)'
l4=$last_pid
wait_for "$tmp/$L4.out" '^ready' 20
erl_node "$E4" "mont:watch(['$L4@$HOST'])."
e4=$last_pid
if wait_for "$tmp/$E4.out" '^armed' 20; then kill -9 "$l4"; fi
wait_gone "$e4" 30
checkx "our node killed -9: erl's monitor_node gets nodedown" "$tmp/$E4.out" "nodedown"
checkx "our node killed -9: erl's monitor of our process gets 'DOWN' noconnection" "$tmp/$E4.out" "DOWN noconnection"
checkx "our node killed -9: erl's trapping process linked to ours gets 'EXIT' noconnection" "$tmp/$E4.out" "EXIT noconnection"

no_sanitizer_reports "no sanitizer reports from our nodes" "$tmp/$L1.out" \
  "$tmp/lm2_$$.out" "$tmp/lm3_$$.out" "$tmp/$L4.out" "$tmp/epmd.log"
done_tap

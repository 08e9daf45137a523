#!/bin/sh
# Group leaders between a real erl and our node, both ways: our
# group_leader(gl, erl_pid) sets the group leader of an erl process (a
# GROUP_LEADER signal; nil is our terminal), whose io:put_chars then lands
# on our terminal or in our sink; erl's group_leader(GL, our_pid) sets ours,
# whose print then lands on erl's output; our print through an erl group
# leader that dies fails with its reason, and through one whose node halts
# while print waits fails with noconnection, never hanging. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 7)"
L=lgl_$$; E=egl_$$

cat >"$tmp/glt.erl" <<'ERL'
-module(glt).
-export([main/1]).
printer() ->
  receive {print, Text, From} ->
    R = (catch io:put_chars(Text)),
    From ! {printed, R},
    printer()
  end.
mute() -> receive _ -> mute() end.
main([L]) ->
  P = spawn(fun printer/0),
  Dying = spawn(fun() -> receive _ -> exit(boom) end end),
  {srv, L} ! {go, self(), P, Dying, spawn(fun mute/0)},
  {LP, DeadL} = receive {lua_printer, X, D} -> {X, D} after 20000 -> io:format("timeout lua_printer~n"), halt(1) end,
  io:format("set ours: ~p~n", [group_leader(group_leader(), LP)]),
  LP ! {print, <<"lua-prints-on-erl">>, self()},
  receive {printed, R1, _} -> io:format("printed: ~p~n", [R1])
  after 10000 -> io:format("timeout printed~n") end,
  true = group_leader(group_leader(), DeadL),
  group_leader(Dying, LP),
  LP ! {print, <<"lost">>, self()},
  receive {printed, R2, E2} -> io:format("printed: ~p ~s~n", [R2, E2])
  after 10000 -> io:format("timeout printed~n") end,
  receive waiting -> halt()
  after 20000 -> io:format("timeout waiting~n"), halt(1) end.
ERL
compile_erl glt

repl_node "$L" "$LUA_PRE"'
  register("srv", self()); print("ready")
  local g = receive(tuple(atom.go, ANY, ANY, ANY, ANY), 30000)
  if not g then print("no go") halt(1) end
  local E, P, mute = g[2], g[3], g[5]
  local function print_there(text)
    send(P, tuple(atom.print, text, self()))
    local m = receive(tuple(atom.printed, ANY), 10000)
    return m and R(m[2])
  end
  print("set terminal", group_leader(nil, P))
  print("erl put_chars:", print_there("erl-prints-on-lua\n"))
  local sink = spawn(function()
    local text = {}
    while true do
      local m = receive()
      if typeof(m) == "tuple" and m[1] == atom.io_request then
        text[#text + 1] = m[4][3]
        send(m[2], tuple(atom.io_reply, m[3], atom.ok))
      else send(m, table.concat(text)) end
    end
  end)
  print("set sink", group_leader(sink, P))
  print_there("erl-into-sink\n")
  send(sink, self())
  print("sink has", receive(5000))
  local lp = spawn(function()
    while true do
      local m = receive()
      local ok, err = pcall(print, m[2])
      send(m[3], tuple(atom.printed, ok, err or ""))
    end
  end)
  local dead = spawn(function() end)
  send(E, tuple(atom.lua_printer, lp, dead))
  local me = self()
  spawn(function()
    group_leader(mute, self())
    send(me, "waiting")
    local ok, err = pcall(print, "lost")
    send(me, tuple("tried", ok, err))
  end)
  receive("waiting")
  send(E, atom.waiting)
  local m = receive(tuple("tried", ANY, ANY), 30000)
  print("node-halted:", m and (m[2] and "returned" or m[3]))'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "glt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 40; wait_gone "$l" 40
O="$tmp/$L.out"; EO="$tmp/$E.out"; T=$(printf '\t')

checkx "our group_leader(nil, erl_pid): true" "$O" "set terminal${T}true"
checkx "the erl process's io:put_chars shows on our terminal" "$O" "erl-prints-on-lua"
if grep -q "erl-prints-on-lua" "$EO"; then not_ok "... and not on erl's" "$EO"; else ok "... and not on erl's"; fi
checkx "and returns ok (our io server answered)" "$O" "erl put_chars:${T}:ok"
checkx "our group_leader(sink, erl_pid): true" "$O" "set sink${T}true"
checkx "then its io:put_chars goes into our sink" "$O" "sink has${T}erl-into-sink"
checkx "erl's group_leader(group_leader(), our_pid) returns true" "$EO" "set ours: true"
checkx "then our process's print shows on erl's output" "$EO" "lua-prints-on-erl"
if grep -q "lua-prints-on-erl" "$O"; then not_ok "... and not on ours" "$O"; else ok "... and not on ours"; fi
check "our print through an erl group leader that dies fails with its reason" "$EO" \
  "^printed: false print: the group leader <[0-9.]*> on $E@$HOST is gone (:boom); Erlang's io:put_chars raises terminated$"
check "our print through an erl group leader whose node halts fails: noconnection" "$O" \
  "^node-halted:${T}print: the group leader .* on $E@$HOST is gone (:noconnection)"
if grep -q "bad message" "$O"; then not_ok "erl's group_leader(GL, our dead pid) is dropped, the connection stays" "$O"
else ok "erl's group_leader(GL, our dead pid) is dropped, the connection stays"; fi
if grep -q "^lost" "$O" "$EO"; then not_ok "lost output never shows" "$O" "$EO"; else ok "lost output never shows"; fi

no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
done_tap

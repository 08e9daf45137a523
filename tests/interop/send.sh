#!/bin/sh
# Messages between a real erl and our node, both ways, with the exact
# values checked on the receiving side: erl sends to our registered name
# ({srv, node}) and to a pid we sent it; we send to erl's registered name
# and to its pid. Atoms, tuples, maps, binaries, lists, negative and big
# integers (past 64 bits ours gets the nearest float, as dist/etf.h
# documents), floats, nested terms. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 2)"
L=ls_$$; E=es_$$; T=$(printf '\t')

cat >"$tmp/sendt.erl" <<'ERL'
-module(sendt).
-export([main/1]).
%% What erl sends; send.sh holds what our node must print for each.
vals() ->
  [hello, {ok, 1, <<"two">>}, #{a => 1}, #{<<"k">> => [1, 2]}, <<"bin">>,
   [1, 2, 3], -42, -9223372036854775808, 9223372036854775807,
   18446744073709551616, -1180591620717411303424, 3.5, -0.25,
   {a, [{b, #{x => [1, <<"y">>]}}, true, false]}, true, false, nil, "abc",
   [], <<>>, {}, 1.0e300, 9223372036854775808, {deep, [[[[{1}]]]]}].
main([L]) ->
  register(esrv, self()),
  {srv, L} ! {hello, self()},
  Vs = lists:zip(lists:seq(1, length(vals())), vals()),
  [{srv, L} ! {byname, I, V} || {I, V} <- Vs],
  {srv, L} ! vend,
  P = receive {lua_pid, P0} -> io:format("lua pid node: ~p~n", [node(P0)]), P0
      after 20000 -> io:format("timeout waiting for lua_pid~n"), halt(1) end,
  [P ! {bypid, I, V} || {I, V} <- Vs],
  P ! vend,
  loop(),
  halt().
loop() ->
  receive
    done -> io:format("done~n");
    {How, I, V} -> io:format("~p ~p ~0p~n", [How, I, V]), loop()
  after 20000 -> io:format("timeout~n")
  end.
ERL
compile_erl sendt

repl_node "$L" "$LUA_PRE"'
  local EXACT = {[10] = 2.0^64, [11] = -2.0^70, [23] = 2.0^63}
  register("srv", self()); print("ready")
  local h = receive(tuple(atom.hello, ANY), 20000)
  if not h then print("no hello") halt(1) end
  local E = h[2]
  print("erl pid", typeof(E), node_of(E))
  local function take()
    while true do
      local m = receive(10000)
      if m == nil then print("timeout") return end
      if m == atom.vend then return end
      local v = m[3]
      print(atom_name(m[1]), m[2], R(v))
      if EXACT[m[2]] then print(atom_name(m[1]) .. "-exact", m[2], math.type(v), v == EXACT[m[2]]) end
    end
  end
  take()
  send(E, tuple(atom.lua_pid, self()))
  take()
  local OUT = {n = 23,
    atom.hello, tuple(atom.ok, 1, "two"), {a = 1}, "bin", {1, 2, 3}, -42,
    math.mininteger, math.maxinteger, 3.5, -0.25,
    tuple(atom.a, {tuple(atom.b, {x = {1, "y"}}), true, false}), true, false,
    nil, {}, "", tuple(), 1e300, 9007199254740993, {97, 98}, self(),
    {k = tuple(atom.x, {1.5, "z"})}, {[atom.a] = 1}}
  for i = 1, OUT.n do
    send(E, tuple(atom.topid, i, OUT[i]))
    send(tuple("esrv", node_of(E)), tuple(atom.toname, i, OUT[i]))
  end
  send(E, atom.done)
  node.monitor(node_of(E), true)
  print("sent")
  receive(tuple(atom.nodedown, ANY), 20000)'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "sendt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 40; wait_gone "$l" 10

O="$tmp/$L.out"; EO="$tmp/$E.out"
check "erl's hello reaches our registered name; its pid is a pid of erl's node" "$O" "^erl pid${T}pid${T}$E@$HOST\$"

# erl -> ours: index, what our node prints (the shell's printer)
want_in() {   # want_in I REPR DESCRIPTION
  if grep -qxF "byname$T$1$T$2" "$O" && grep -qxF "bypid$T$1$T$2" "$O"
  then ok "erl -> ours (by {name, node} and by pid): $3 is $2"
  else not_ok "erl -> ours (by {name, node} and by pid): $3 is $2"
       grep "^by[a-z]*$T$1$T" "$O" | sed 's/^/#   got: /'; fi
}
want_in 1 ':hello' 'an atom'
want_in 2 '{:ok, 1, "two"}' 'a tuple'
want_in 3 '{[:a] = 1}' 'a map with an atom key'
want_in 4 '{k = [1, 2]}' 'a map with a binary key'
want_in 5 '"bin"' 'a binary'
want_in 6 '[1, 2, 3]' 'a list'
want_in 7 '-42' 'a negative integer'
want_in 8 '-9223372036854775808' '-2^63'
want_in 9 '9223372036854775807' '2^63-1'
want_in 12 '3.5' 'a float'
want_in 13 '-0.25' 'a negative float'
want_in 14 '{:a, [{:b, {[:x] = [1, "y"]}}, true, false]}' 'a nested term'
want_in 15 'true' 'true'
want_in 16 'false' 'false'
want_in 17 'nil' 'the atom nil'
want_in 18 '[97, 98, 99]' 'a string (list of codes)'
want_in 19 '[]' '[]'
want_in 20 '""' '<<>>'
want_in 21 'tuple()' '{}'
want_in 22 '1e+300' '1.0e300'
want_in 24 '{:deep, [[[[{1}]]]]}' 'a deep list'
for x in "10 2^64" "11 -2^70" "23 2^63"; do
  set -- $x
  if grep -qxF "byname-exact$T$1${T}float${T}true" "$O" && grep -qxF "bypid-exact$T$1${T}float${T}true" "$O"
  then ok "erl -> ours: the integer $2 (past 64 bits) is the float $2, as documented"
  else not_ok "erl -> ours: the integer $2 (past 64 bits) is the float $2, as documented"
       grep "^by[a-z]*-exact$T$1$T\|^by[a-z]*$T$1$T" "$O" | sed 's/^/#   got: /'; fi
done
n_in=$(grep -c "^by[a-z]*$T" "$O")
if [ "$n_in" = 48 ]; then ok "all 24 values arrive both ways, and nothing else"
else not_ok "all 24 values arrive both ways, and nothing else (got $n_in of 48)" "$O"; fi

check "erl gets the pid we sent, of our node" "$EO" "^lua pid node: $L@$HOST\$"
# ours -> erl: index, what erl prints with ~0p
want_out() {  # want_out I TERM DESCRIPTION
  if grep -qxF "topid $1 $2" "$EO" && grep -qxF "toname $1 $2" "$EO"
  then ok "ours -> erl (by pid and by {name, node}): $3 is $2"
  else not_ok "ours -> erl (by pid and by {name, node}): $3 is $2"
       grep "^to[a-z]* $1 " "$EO" | sed 's/^/#   got: /'; fi
}
want_out 1 'hello' 'atom.hello'
want_out 2 '{ok,1,<<"two">>}' 'a tuple'
want_out 3 '#{<<"a">> => 1}' 'a table with a string key'
want_out 4 '<<"bin">>' 'a string'
want_out 5 '[1,2,3]' 'a sequence'
want_out 6 '-42' 'a negative integer'
want_out 7 '-9223372036854775808' 'math.mininteger'
want_out 8 '9223372036854775807' 'math.maxinteger'
want_out 9 '3.5' 'a float'
want_out 10 '-0.25' 'a negative float'
want_out 11 '{a,[{b,#{<<"x">> => [1,<<"y">>]}},true,false]}' 'a nested value'
want_out 12 'true' 'true'
want_out 13 'false' 'false'
want_out 14 'nil' 'nil'
want_out 15 '[]' 'an empty table'
want_out 16 '<<>>' 'an empty string'
want_out 17 '{}' 'tuple()'
want_out 18 '1.0e300' '1e300'
want_out 19 '9007199254740993' '2^53+1 (an integer, not rounded)'
want_out 20 '"ab"' '{97, 98}'
want_out 22 '#{<<"k">> => {x,[1.5,<<"z">>]}}' 'a map holding a tuple'
want_out 23 '#{a => 1}' 'a table with an atom key'
if grep -q "^topid 21 <[0-9]*\.[0-9]*\.[0-9]*>\$" "$EO" && grep -q "^toname 21 <[0-9]*\.[0-9]*\.[0-9]*>\$" "$EO"
then ok "ours -> erl: self() is a pid"; else not_ok "ours -> erl: self() is a pid" "$EO"; fi
check "erl gets our done after all the values" "$EO" "^done\$"
n_out=$(grep -c "^to[a-z]* " "$EO")
if [ "$n_out" = 46 ]; then ok "all 23 values reach erl both ways, and nothing else"
else not_ok "all 23 values reach erl both ways, and nothing else (got $n_out of 46)" "$EO"; fi

no_sanitizer_reports "no sanitizer reports from our nodes" "$O" "$tmp/epmd.log"
done_tap

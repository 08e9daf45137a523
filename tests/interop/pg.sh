#!/bin/sh
# pg between a real erl node (pg:start_link(), the default scope) and ours:
# members joined before the connection come over by sync both ways; erl's
# pg:join(workers, W) shows on our pg.get_members("workers"); our
# pg.join("workers", ...) of one pid and of a list shows in erl's
# pg:get_members(workers) (as the atom workers: which_groups() is
# [workers]) and in erl's pg:monitor notifications; leaves both ways; our
# member's exit and our node's end take our members out of erl's pg; a
# second scope (chat) with a tuple group {room, 1} is shared both ways;
# erl's output holds no error. Our node starts pg as erl does (pg.start(),
# pg:start_link()); one that has not started it refuses pg.join with a
# sentence and leaves erl's pg whole, and shares erl's groups once it
# starts it. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 9)"
L=lpg_$$; E=epg_$$

cat >"$tmp/pgt.erl" <<'ERL'
-module(pgt).
-export([main/1, main2/1]).

say(What, Value) -> io:format("~s: ~0p~n", [What, Value]).

worker() -> spawn(fun() -> receive stop -> ok end end).

until(F) -> until(F, 500).
until(_, 0) -> false;
until(F, N) ->
  case F() of true -> true; _ -> timer:sleep(20), until(F, N - 1) end.

member(P) -> lists:member(P, pg:get_members(workers)).

got(Tag) -> receive {Tag, V} -> V after 10000 -> {timeout, Tag} end.

main([L]) ->
  {ok, _} = pg:start_link(),
  W0 = worker(),
  ok = pg:join(workers, W0),
  {ok, _} = pg:start(chat),
  ok = pg:join(chat, {room, 1}, W0),
  {Ref, [W0]} = pg:monitor(workers),
  say("connect", net_kernel:connect_node(L)),
  {srv, L} ! {hello, self(), W0},
  P0 = got(p0),
  say("erl sees our member by sync", until(fun() -> member(P0) end)),
  say("its node", node(P0)),
  say("erl sees ours in scope chat, group {room, 1}",
      until(fun() -> pg:get_members(chat, {room, 1}) -- [W0] =:= [P0] end)),
  say("which_groups", pg:which_groups()),
  say("erl sees our sync join", receive {Ref, join, workers, [P0]} -> true after 5000 -> false end),
  say("ours sees erl's member by sync", got(sync_seen)),
  W = worker(),
  ok = pg:join(workers, W),
  {srv, L} ! {joined, W},
  say("ours sees erl's join", got(join_seen)),
  {srv, L} ! join_list,
  Ps = got(list),
  say("erl sees our list", until(fun() -> lists:all(fun member/1, Ps) end)),
  say("erl's monitor: join with our list", receive {Ref, join, workers, Ps} -> true after 5000 -> false end),
  ok = pg:leave(workers, W),
  {srv, L} ! {left, W},
  say("ours sees erl's leave", got(leave_seen)),
  {srv, L} ! leave_list,
  say("erl sees our leave", until(fun() -> not lists:any(fun member/1, Ps) end)),
  say("erl's monitor: leave with our list", receive {Ref, leave, workers, Ps} -> true after 5000 -> false end),
  {srv, L} ! exit_one,
  Q = got(q),
  say("erl sees our member Q", until(fun() -> member(Q) end)),
  {srv, L} ! kill_q,
  say("Q exits: gone from erl", until(fun() -> not member(Q) end)),
  monitor_node(L, true),
  {srv, L} ! halt,
  receive {nodedown, L} -> ok after 10000 -> say("nodedown", timeout) end,
  say("our node ends: its members are gone", until(fun() -> pg:get_members(workers) =:= [W0] end)),
  say("done", true),
  halt().

% A repl node that has not started pg: erl's pg keeps working; once it
% starts pg, the two share groups.
main2([L]) ->
  {ok, _} = pg:start_link(),
  W = worker(),
  ok = pg:join(workers, W),
  say("connect", net_kernel:connect_node(L)),
  {srv, L} ! {ask, self()},
  say("its pg.join", got(nopg)),
  W2 = worker(),
  ok = pg:join(workers, W2),
  say("erl's pg still works", is_pid(whereis(pg)) andalso
      lists:sort(pg:get_members(workers)) =:= lists:sort([W, W2])),
  {srv, L} ! {start, self()},
  P = got(started),
  say("once it starts pg, erl sees its member", until(fun() -> member(P) end)),
  say("and it sees erl's", got(seen)),
  {srv, L} ! halt,
  say("done", true),
  halt().
ERL
compile_erl pgt

repl_node "$L" "$LUA_PRE"'
  local function has(p) for _, x in ipairs(pg.get_members("workers")) do if x == p then return true end end return false end
  local function eventually(f) for _ = 1, 500 do if f() then return true end sleep(20) end return false end
  local idle = function() return spawn(function() receive() end) end
  local p0 = idle()
  print("start", typeof(pg.start()))
  print("join-before", pg.join("workers", p0))
  pg.start("chat")
  pg.join("chat", tuple(atom.room, 1), p0)
  register("srv", self()); print("ready")
  local h = receive(tuple(atom.hello, ANY, ANY), 30000)
  if not h then print("no hello") halt(1) end
  local erl, w0 = h[2], h[3]
  send(erl, tuple(atom.p0, p0))
  send(erl, tuple(atom.sync_seen, eventually(function() return has(w0) end)))
  print("chat-room", eventually(function() return #pg.get_members("chat", tuple(atom.room, 1)) == 2 end),
        R(pg.which_groups("chat")))
  local ps, q
  while true do
    local m = receive(30000)
    if m == nil then print("no message") halt(1) end
    local tag = typeof(m) == "tuple" and m[1] or m
    if tag == atom.joined then
      send(erl, tuple(atom.join_seen, eventually(function() return has(m[2]) end)))
      print("erl-member-node", node_of(m[2]))
    elseif tag == atom.join_list then
      ps = {idle(), idle()}
      print("join-list", pg.join("workers", ps))
      send(erl, tuple(atom.list, ps))
    elseif tag == atom.left then
      send(erl, tuple(atom.leave_seen, eventually(function() return not has(m[2]) end)))
    elseif tag == atom.leave_list then
      print("leave-list", pg.leave("workers", ps))
    elseif tag == atom.exit_one then
      q = idle(); pg.join("workers", q)
      send(erl, tuple(atom.q, q))
    elseif tag == atom.kill_q then
      exit(q, "kill")
    elseif tag == atom.halt then
      print("groups", R(pg.which_groups()))
      break
    end
  end'
l=$last_pid
wait_for "$tmp/$L.out" '^ready' 20
erl_node "$E" "pgt:main(['$L@$HOST'])."
e=$last_pid
wait_gone "$e" 60; wait_gone "$l" 10
O="$tmp/$L.out"; EO="$tmp/$E.out"; T=$(printf '\t')

checkx "our pg.start(), as erl's pg:start_link()" "$O" "start${T}pid"
checkx "our pg.join before any connection" "$O" "join-before${T}true"
checkx "erl connects" "$EO" "connect: true"
checkx "erl sees our member joined before the connection (sync)" "$EO" "erl sees our member by sync: true"
checkx "... a pid of our node" "$EO" "its node: $L@$HOST"
checkx "another scope, a tuple group: erl sees ours" "$EO" "erl sees ours in scope chat, group {room, 1}: true"
checkx "... and we see erl's (our scope \"chat\" is its chat)" "$O" "chat-room${T}true$T[{:room, 1}]"
checkx "our group \"workers\" is erl's atom workers" "$EO" "which_groups: [workers]"
checkx "erl's pg:monitor gets {Ref, join, workers, [Pid]} from our sync" "$EO" "erl sees our sync join: true"
checkx "we see erl's member joined before the connection (sync)" "$EO" "ours sees erl's member by sync: true"
checkx "erl pg:join(workers, W): our pg.get_members(\"workers\") has W" "$EO" "ours sees erl's join: true"
checkx "... a pid of erl's node" "$O" "erl-member-node$T$E@$HOST"
checkx "our pg.join(\"workers\", {p1, p2})" "$O" "join-list${T}true"
checkx "erl's pg:get_members(workers) has both" "$EO" "erl sees our list: true"
checkx "erl's monitor: {Ref, join, workers, [P1, P2]}" "$EO" "erl's monitor: join with our list: true"
checkx "erl pg:leave(workers, W): gone from ours" "$EO" "ours sees erl's leave: true"
checkx "our pg.leave(\"workers\", {p1, p2})" "$O" "leave-list${T}true"
checkx "... gone from erl's" "$EO" "erl sees our leave: true"
checkx "erl's monitor: {Ref, leave, workers, [P1, P2]}" "$EO" "erl's monitor: leave with our list: true"
checkx "our member's exit takes it out of erl's group" "$EO" "Q exits: gone from erl: true"
checkx "our groups as Lua shows them" "$O" "groups$T[\"workers\"]"
checkx "our node ends: erl drops its members" "$EO" "our node ends: its members are gone: true"
checkx "erl ran to its end" "$EO" "done: true"
no_erl_errors "no error in erl's output" "$EO"
if grep -q "could not handle" "$O"; then not_ok "our scope dropped nothing" "$O"
else ok "our scope dropped nothing"; fi

# ---- a repl node without pg, beside erl's pg ----
L2=lpg2_$$; E2=epg2_$$
repl_node "$L2" "$LUA_PRE"'
  register("srv", self()); print("ready")
  local m = receive(tuple(atom.ask, ANY), 30000)
  if not m then print("no ask") halt(1) end
  local erl = m[2]
  local ok, why = pcall(pg.join, "workers", self())
  send(erl, tuple(atom.nopg, why))
  print("members-before", #pg.get_members("workers"))
  receive(tuple(atom.start, ANY), 30000)
  print("start", typeof(pg.start()))
  local p = spawn(function() receive() end)
  pg.join("workers", p)
  send(erl, tuple(atom.started, p))
  local seen = false
  for _ = 1, 500 do
    if #pg.get_members("workers") == 3 then seen = true; break end
    sleep(20)
  end
  send(erl, tuple(atom.seen, seen))
  receive(atom.halt, 30000)'
l2=$last_pid
wait_for "$tmp/$L2.out" '^ready' 20
erl_node "$E2" "pgt:main2(['$L2@$HOST'])."
e2=$last_pid
wait_gone "$e2" 60; wait_gone "$l2" 10
O2="$tmp/$L2.out"; EO2="$tmp/$E2.out"
checkx "erl connects to a repl node that has not started pg" "$EO2" "connect: true"
checkx "there pg.join raises a sentence naming pg.start" "$EO2" \
  'its pg.join: <<"pg is not running on this node: call pg.start() first (Elixir: :pg.start_link())">>'
checkx "... and get_members is empty, as erl's without pg" "$O2" "members-before${T}0"
checkx "erl's pg joins and reads as before" "$EO2" "erl's pg still works: true"
checkx "our pg.start() later" "$O2" "start${T}pid"
checkx "then erl sees our member" "$EO2" "once it starts pg, erl sees its member: true"
checkx "and we see erl's two" "$EO2" "and it sees erl's: true"
checkx "erl ran to its end" "$EO2" "done: true"
no_erl_errors "no error in erl's output" "$EO2"
no_sanitizer_reports "no sanitizer reports from our node" "$O" "$O2" "$tmp/epmd.log"
done_tap

#!/bin/sh
# server (dist/lua/server.lua) against real OTP: gen_server's '$gen_call'
# and '$gen_cast' both ways. erl -> our Lua server "counter":
# gen_server:call and cast by {counter, Node}, the caller's pid in From, a
# call timeout, a name no one has (noproc), sys:get_state. Us -> a
# gen_server started in erl: server.call and server.cast by {kv, Node},
# our pid in its From, a timeout (the late reply, sent to our call's
# alias, is dropped; so is ours to erl's after its timeout),
# noproc, server.stop (its terminate runs) and a call after it. iex (fed
# on stdin): GenServer.call({:counter, :"lua@host"}, :get), GenServer.cast,
# exits with Elixir's reasons (noproc, timeout), GenServer.stop (our
# terminate runs). Prints TAP.
. "$(dirname "$0")/lib"
need_erl
start_epmd "$(free_port 17)"
L=lsrv_$$; E=esrv_$$; X=xsrv_$$; T=$(printf '\t')
LN="$L@$HOST"; EN="$E@$HOST"

cat >"$tmp/kv.erl" <<'ERL'
-module(kv).
-behaviour(gen_server).
-export([main/1, init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N};
handle_call(whoami, {Pid, _Tag}, N) -> {reply, Pid, N};
handle_call({slow, Ms}, _From, N) -> timer:sleep(Ms), {reply, slow_done, N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info(_, N) -> {noreply, N}.
terminate(Reason, _N) -> io:format("kv terminate: ~0p~n", [Reason]).

p(Label, Term) -> io:format("~s: ~0p~n", [Label, Term]).

main([L]) ->
  {ok, _} = gen_server:start({local, kv}, kv, 10, []),
  p("call get", gen_server:call({counter, L}, get)),
  p("cast", gen_server:cast({counter, L}, {add, 2})),
  p("call after cast", gen_server:call({counter, L}, get)),
  Self = self(),
  p("from is the caller", gen_server:call({counter, L}, whoami) =:= Self),
  p("call timeout", catch gen_server:call({counter, L}, {slow, 1000}, 100)),
  timer:sleep(1200),
  p("late reply in erl's mailbox", element(2, process_info(self(), message_queue_len))),
  p("call noproc", catch gen_server:call({nosuch, L}, get)),
  p("sys get_state", sys:get_state({counter, L})),
  {main, L} ! {go, self()},
  receive done -> p("done", ok) after 30000 -> p("done", timeout) end,
  halt().
ERL
compile_erl kv

repl_node "$L" "$LUA_PRE"'
  local counter = {
    init = function(n) return n end,
    handle_call = function(req, from, n)
      if req == atom.get then return n, n end
      if req == atom.whoami then return from[1], n end
      if typeof(req) == "tuple" and req[1] == atom.slow then sleep(req[2]) return atom.slow_done, n end
    end,
    handle_cast = function(msg, n) return n + msg[2] end,
    terminate = function(reason, n) print("counter terminate", R(reason), n) end,
  }
  local c = server.start(counter, 5, {name = "counter"})
  register("main", self()); print("ready", c ~= nil)
  local g = receive(tuple(atom.go, ANY), 30000)
  if g == nil then print("no go") halt(1) end
  local E = node_of(g[2])
  local kv = tuple("kv", E)
  local function try(label, f, ...)
    local ok, v = pcall(f, ...)
    print(label, ok and R(v) or "error", ok and "-" or v)
  end
  try("call get", server.call, kv, atom.get)
  print("cast", server.cast(tuple(atom.kv, atom(E)), tuple(atom.add, 5)))
  try("call after cast", server.call, kv, atom.get)
  print("from is us", server.call(kv, atom.whoami) == self())
  try("timeout", server.call, kv, tuple(atom.slow, 1000), 100)
  local late = receive(function(m) return typeof(m) == "tuple" and m[2] == atom.slow_done end, 1500)
  print("late reply in the mailbox", late ~= nil)
  try("noproc", server.call, tuple("nosuch", E), atom.get)
  try("stop", server.stop, kv)
  try("call after stop", server.call, kv, atom.get)
  print("mailbox empty", receive(0) == nil)
  send(g[2], atom.done)
  local r = monitor(c)
  local d = receive(tuple(atom.DOWN, r, ANY, ANY, ANY), 60000)
  print("counter down", d and R(d[5]))'
l=$last_pid
wait_for "$tmp/$L.out" "^ready${T}true" 20
erl_node "$E" "kv:main(['$LN'])."
e=$last_pid
wait_gone "$e" 60
O="$tmp/$L.out"; EO="$tmp/$E.out"

checkx "erl gen_server:call({counter, L}, get) reaches our Lua server" "$EO" "call get: 5"
checkx "gen_server:cast returns ok" "$EO" "cast: ok"
checkx "... and the cast reached handle_cast" "$EO" "call after cast: 7"
checkx "handle_call's from[1] is the Erlang caller's pid" "$EO" "from is the caller: true"
check "a gen_server:call timeout: exit {timeout, {gen_server, call, ...}}" "$EO" \
  "^call timeout: {'EXIT',{timeout,{gen_server,call,\[{counter,'\{0,1\}$LN'\{0,1\}},{slow,1000},100\]}}}"
checkx "our late reply went to erl's call alias, dropped at its timeout" "$EO" "late reply in erl's mailbox: 0"
check "a name no one has on our node: exit {noproc, ...}" "$EO" "^call noproc: {'EXIT',{noproc,{gen_server,call"
checkx "sys:get_state({counter, L}) gives our server's state" "$EO" "sys get_state: 7"
checkx "server.call(tuple(\"kv\", erl), :get) reaches erl's gen_server" "$O" "call get${T}10$T-"
checkx "server.cast(tuple(atom.kv, atom(erl)), ...) reaches its handle_cast" "$O" "call after cast${T}15$T-"
checkx "erl's handle_call sees our pid in From" "$O" "from is us${T}true"
check "server.call with a timeout too short raises \"time out\"" "$O" \
  "^timeout${T}error${T}server.call: time out (server.call({\"kv\", \"$EN\"}, {:slow, 1000}))"
checkx "erl's late reply went to our call's alias, dropped at the timeout" "$O" "late reply in the mailbox${T}false"
check "server.call of a name erl does not have raises \"no process\"" "$O" \
  "^noproc${T}error${T}server.call: no process: the process is not alive"
checkx "server.stop of erl's gen_server returns true" "$O" "stop${T}true$T-"
checkx "... and its terminate ran with :normal" "$EO" "kv terminate: normal"
check "a call after the stop: \"no process\"" "$O" "^call after stop${T}error${T}server.call: no process"
checkx "nothing else in our mailbox" "$O" "mailbox empty${T}true"
checkx "erl is done" "$EO" "done: ok"

# ---- iex, fed on stdin ----
if command -v iex >/dev/null 2>&1; then
  cat >"$tmp/iex.in" <<IEX
n = :"$LN"
GenServer.call({:counter, n}, :get) |> IO.inspect(label: "call")
GenServer.cast({:counter, n}, {:add, 3}) |> IO.inspect(label: "cast")
GenServer.call({:counter, n}, :get) |> IO.inspect(label: "call after cast")
try do GenServer.call({:nosuch, n}, :get) catch :exit, r -> IO.inspect(elem(r, 0), label: "noproc") end
try do GenServer.call({:counter, n}, {:slow, 1000}, 100) catch :exit, r -> IO.inspect(elem(r, 0), label: "timeout") end
GenServer.stop({:counter, n}) |> IO.inspect(label: "stop")
IEX
  ERL_EPMD_PORT=$EPMD_PORT timeout 40 iex --sname "$X" --cookie "$COOKIE" --erl "-start_epmd false" \
    <"$tmp/iex.in" >"$tmp/$X.out" 2>&1 &
  x=$!; pids="$pids $x"
  wait_gone "$x" 45; wait_gone "$l" 10
  XO="$tmp/$X.out"
  check "iex GenServer.call({:counter, :\"lua@host\"}, :get) gets the Lua reply" "$XO" "call: 7$"
  check "iex GenServer.cast: :ok" "$XO" "cast: :ok$"
  check "... and the cast reached handle_cast" "$XO" "call after cast: 10$"
  check "iex GenServer.call of a name no one has exits :noproc" "$XO" "noproc: :noproc$"
  check "iex GenServer.call too slow exits :timeout" "$XO" "timeout: :timeout$"
  check "iex GenServer.stop({:counter, n}): :ok" "$XO" "stop: :ok$"
  checkx "... after our terminate ran with :normal" "$O" "counter terminate$T:normal${T}10"
  checkx "our server went down with :normal" "$O" "counter down$T:normal"
else
  skip "iex is not installed"
fi
no_sanitizer_reports "no sanitizer reports from our node" "$O" "$tmp/epmd.log"
done_tap

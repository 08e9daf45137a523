#!/bin/sh
# Elixir beside our node: `elixir --sname ... -e` connects, sends to our
# registered srv and gets its reply; our node pings an Elixir node; iex
# (fed on stdin) runs Node.ping, Node.list and Node.spawn against ours.
# Prints TAP.
. "$(dirname "$0")/lib"
need_erl
command -v elixir >/dev/null 2>&1 || { echo "1..0 # SKIP elixir is not installed"; exit 0; }
start_epmd "$(free_port 6)"
L1=lx1_$$; X1=ex1_$$; L2=lx2_$$; X2=ex2_$$; L3=lx3_$$; X3=ix3_$$; T=$(printf '\t')
LN1="$L1@$HOST"; LN2="$L2@$HOST"; LN3="$L3@$HOST"

# elixir_node NAME CODE: elixir runs CODE, output to $tmp/NAME.out.
elixir_node() {
  ERL_EPMD_PORT=$EPMD_PORT elixir --sname "$1" --cookie "$COOKIE" \
    --erl "-start_epmd false" -e "$2" >"$tmp/$1.out" 2>&1 &
  last_pid=$!; pids="$pids $last_pid"
}

# ---- elixir -e connects and sends to our srv, which replies ----
repl_node "$L1" "$LUA_PRE"'
  register("srv", self()); print("ready")
  local m = receive(tuple(atom.hello, ANY), 30000)
  print("got", m and typeof(m[2]), m and node_of(m[2]))
  if m then
    node.monitor(node_of(m[2]), true)
    send(m[2], tuple(atom.hello_back, "hi", {1, 2}, {a = 1}, nil, 2^40))
    receive(tuple(atom.nodedown, ANY), 20000)
  end'
l1=$last_pid
wait_for "$tmp/$L1.out" '^ready' 20
elixir_node "$X1" 'Node.connect(:"'"$LN1"'") |> IO.inspect(label: "connect")
  send({:srv, :"'"$LN1"'"}, {:hello, self()})
  receive do m -> IO.inspect(m, label: "reply") after 5000 -> IO.puts("timeout") end
  IO.inspect(Node.list(), label: "list")'
x1=$last_pid
wait_gone "$x1" 40; wait_gone "$l1" 10
checkx "Elixir Node.connect(our node): true" "$tmp/$X1.out" "connect: true"
checkx "our srv gets {:hello, pid} from the Elixir node" "$tmp/$L1.out" "got${T}pid$T$X1@$HOST"
checkx "Elixir receives our reply with the values it expects" "$tmp/$X1.out" \
  'reply: {:hello_back, "hi", [1, 2], %{"a" => 1}, nil, 1099511627776.0}'
checkx "Elixir's Node.list() holds our node" "$tmp/$X1.out" "list: [:$LN1]"

# ---- our node pings an Elixir node ----
elixir_node "$X2" 'Process.register(self(), :ex)
  IO.puts("ready")
  receive do {:from_lua, p, v} -> IO.inspect(v, label: "from lua"); send(p, {:ok, Node.list()})
  after 20000 -> IO.puts("timeout") end
  Process.sleep(100)'
x2=$last_pid
wait_for "$tmp/$X2.out" '^ready' 20
repl_node "$L2" "$LUA_PRE"'
  local X = "'"$X2@$HOST"'"
  print("ping", node.ping(X))
  send(tuple("ex", X), tuple(atom.from_lua, self(), {tuple(atom.a, -1), "b", 3.25}))
  print("answer", R(receive(10000)))'
l2=$last_pid
wait_gone "$l2" 30; wait_gone "$x2" 10
checkx "our node.ping(Elixir node): pong" "$tmp/$L2.out" "ping${T}pong"
checkx "Elixir gets our message by {name, node}" "$tmp/$X2.out" 'from lua: [{:a, -1}, "b", 3.25]'
checkx "we get Elixir's answer with its Node.list()" "$tmp/$L2.out" "answer$T{:ok, [:$LN2]}"

# ---- iex, fed on stdin ----
repl_node "$L3" "$LUA_PRE"'
  greeter = {hello = function(pid, name) send(pid, tuple(atom.greeting, "hello " .. name)) end}
  register("srv", self()); print("ready")
  local m = receive(tuple(atom.bye, ANY), 30000)
  print("bye", m and node_of(m[2]))'
l3=$last_pid
wait_for "$tmp/$L3.out" '^ready' 20
cat >"$tmp/iex.in" <<IEX
Node.ping(:"nosuch_$$@$HOST") |> IO.inspect(label: "ping nosuch")
Node.ping(:"$LN3") |> IO.inspect(label: "ping")
Node.list |> IO.inspect(label: "list")
Node.spawn(:"$LN3", :greeter, :hello, [self(), "iex"]) |> node() |> IO.inspect(label: "spawned on")
receive do m -> IO.inspect(m, label: "got") after 5000 -> IO.puts("timeout") end
send({:srv, :"$LN3"}, {:bye, self()})
:erlang.monitor_node(:"$LN3", true)
receive do {:nodedown, n} -> IO.inspect(n, label: "nodedown") after 10000 -> IO.puts("timeout nodedown") end
IEX
ERL_EPMD_PORT=$EPMD_PORT timeout 40 iex --sname "$X3" --cookie "$COOKIE" --erl "-start_epmd false" \
  <"$tmp/iex.in" >"$tmp/$X3.out" 2>&1 &
x3=$!; pids="$pids $x3"
wait_gone "$x3" 45; wait_gone "$l3" 10
XO="$tmp/$X3.out"
check "iex Node.ping of a node no epmd knows: :pang" "$XO" "ping nosuch: :pang$"
check "iex Node.ping(our node): :pong" "$XO" "ping: :pong\$"
check "iex Node.list holds our node" "$XO" "list: \[:$LN3\]\$"
check "iex Node.spawn(our node, :greeter, :hello, ...): a pid of our node" "$XO" "spawned on: :\"\{0,1\}$LN3\"\{0,1\}\$"
check "and the Lua function's reply reaches iex" "$XO" 'got: {:greeting, "hello iex"}$'
checkx "our srv gets iex's message" "$tmp/$L3.out" "bye$T$X3@$HOST"
check "iex sees our node go down when it halts" "$XO" "nodedown: :\"\{0,1\}$LN3\"\{0,1\}\$"

no_sanitizer_reports "no sanitizer reports from our nodes" "$tmp/$L1.out" "$tmp/$L2.out" "$tmp/$L3.out" "$tmp/epmd.log"
done_tap

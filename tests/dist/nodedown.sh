#!/bin/sh
# Losing a node: node.monitor and node.monitor_nodes deliver nodeup and
# nodedown; kill -9 of a node gives :noconnection to links (trapping and
# not) and monitors, and nodedown to both kinds of subscribers; the nodes
# gone stay in node.list("known"), as in nodes(known); a peer that
# stops answering (SIGSTOP) is declared down after the tick time, not at
# once and not much later. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
o=t$$o; u=t$$u; v=t$$v; p=t$$p; q=t$$q
U=$u@$HOST; V=$v@$HOST; P=$p@$HOST

# A node that makes workers on request ({spawn, from} -> {worker, pid}; a
# worker waits) and halts on {halt}.
lua peer.lua <<'EOF'
register("svc", spawn(function()
  while true do
    local m = receive()
    if m[1] == A.spawn then send(m[2], T(A.worker, spawn(function() receive() end)))
    elseif m[1] == A.halt then halt(0) end
  end
end))
say("ready", node.self())
receive()
EOF
start_node u --sname "$u" --cookie dist "$tmp/peer.lua"
start_node v --sname "$v" --cookie dist "$tmp/peer.lua"
wait_registered "$u" || true
wait_registered "$v" || true

lua o.lua <<'EOF'
local U, V = arg[1], arg[2]
local function tagged(tag, x)
  return function(m) return typeof(m) == "tuple" and m[1] == tag and (x == nil or m[2] == x) end
end
local function worker(n)
  send(T("svc", n), T(A.spawn, self()))
  local m = wait_msg(tagged(A.worker), 10000, "a worker")
  return m and m[2]
end
-- watcher(kind, n): a process subscribed with node.monitor(n) ("one") or
-- node.monitor_nodes ("all") that prints what it gets, tagged with label.
local function watcher(label, kind, n)
  local parent = self()
  spawn(function()
    if kind == "all" then node.monitor_nodes(true) else node.monitor(n, true) end
    send(parent, A.subscribed)
    while true do
      local m = receive()
      say(label, m[1], m[2])
    end
  end)
  wait_msg(function(m) return m == A.subscribed end, 10000, "subscribed")
end

-- nodeup and nodedown: an orderly stop of U
watcher("all-u", "all")
say("connect-u", node.connect(U))
watcher("one-u", "one", U)
send(T("svc", U), T(A.halt))

-- node.monitor of a node that cannot be reached: nodedown
watcher("one-nosuch", "one", "nosuch" .. arg[3] .. "@" .. node.self():match("@(.*)"))

-- kill -9 of V
say("connect-v", node.connect(V))
trap_exit(true)
local w1 = worker(V); link(w1)
local w2 = worker(V); local r2 = monitor(w2)
local w3 = worker(V)
local np = spawn(function() link(w3); receive() end)
local rnp = monitor(np)
watcher("one-v", "one", V)
spawn(function()         -- a node.monitor_nodes subscriber of its own
  node.monitor_nodes(true)
  while true do local m = receive(); if m[2] == V then say("all-v", m[1], m[2]) end end
end)
-- is everything in place? a round trip to V's svc after the links
local chk = worker(V)
say("armed", chk ~= nil)
local got = 0
while got < 3 do
  local m = receive(10000)
  if m == nil then say("TIMEOUT after kill"); break end
  if typeof(m) == "tuple" and m[1] == A.EXIT and m[2] == w1 then say("exit-w1", m[3]); got = got + 1
  elseif typeof(m) == "tuple" and m[1] == A.DOWN and m[2] == r2 then say("down-w2", m[5]); got = got + 1
  elseif typeof(m) == "tuple" and m[1] == A.DOWN and m[2] == rnp then say("down-np", m[5]); got = got + 1
  end
end
-- both peers gone: known keeps them, as OTP 25's nodes(known)
local known = node.list("known"); table.sort(known)
say("known", table.concat(known, ","))
say("connected-after", "[" .. table.concat(node.list("connected"), ",") .. "]")
say("done")
receive(1000)
halt()
EOF
start_node o --sname "$o" --cookie dist "$tmp/o.lua" "$U" "$V" "$$"
O=$o@$HOST

check "monitor_nodes(true): nodeup when a node connects" "$tmp/o.out" "^all-u :nodeup $U$"
check "monitor_nodes(true): nodedown when it stops" "$tmp/o.out" "^all-u :nodedown $U$"
check "node.monitor(n, true): nodedown when it stops" "$tmp/o.out" "^one-u :nodedown $U$"
check "node.monitor of a name that cannot be reached: nodedown" "$tmp/o.out" "^one-nosuch :nodedown nosuch$$@"
if wait_for "$tmp/o.out" "^armed true$"; then
  ok "links and monitors to $v are in place"
  eval "kill -KILL \$pid_v"
else not_ok "links and monitors to $v are in place" "$tmp/o.out" "$tmp/v.out"; fi
check "kill -9: a trapping linked process gets EXIT :noconnection" "$tmp/o.out" "^exit-w1 :noconnection$"
check "kill -9: a monitor gets DOWN :noconnection" "$tmp/o.out" "^down-w2 :noconnection$"
check "kill -9: a non-trapping linked process dies of :noconnection" "$tmp/o.out" "^down-np :noconnection$"
check "kill -9: node.monitor gets nodedown" "$tmp/o.out" "^one-v :nodedown $V$"
check "kill -9: node.monitor_nodes gets nodedown" "$tmp/o.out" "^all-v :nodedown $V$"
# nosuch too: a node we tried to reach (erl's nodes(known) lists a name
# net_adm:ping tried in vain, likewise)
known=$(printf '%s\n%s\n%s\n%s\n' "$O" "$U" "$V" "nosuch$$@$HOST" | LC_ALL=C sort | tr '\n' ',' | sed 's/,$//')
check "node.list(\"known\") keeps the nodes that went (stopped, killed) or never came" "$tmp/o.out" "^known $known$"
check "while node.list(\"connected\") has none of them" "$tmp/o.out" "^connected-after \[\]$"

# ---- ticks: a peer that stops answering ----
lua q.lua <<'EOF'
node.monitor_nodes(true)
say("ticktime", node.ticktime())
say("connect", node.connect(arg[1]))
say("up")
local m = receive(function(m) return typeof(m) == "tuple" and m[1] == A.nodedown end, 20000)
say("nodedown", m and m[2])
halt()
EOF
start_node p --sname "$p" --cookie dist --net-ticktime 2 "$tmp/peer.lua"
wait_registered "$p" || true
start_node q --sname "$q" --cookie dist --net-ticktime 2 "$tmp/q.lua" "$P"
check "--net-ticktime 2: node.ticktime() is 2" "$tmp/q.out" "^ticktime 2$"
if wait_for "$tmp/q.out" "^up$"; then
  eval "pp=\$pid_p"
  t0=$(ms); kill -STOP "$pp"
  if wait_for "$tmp/q.out" "^nodedown $P$" 10; then
    t=$(( $(ms) - t0 ))
    if [ $t -ge 1000 ]; then ok "a stopped peer is not declared down at once (${t} ms)"
    else not_ok "a stopped peer is not declared down at once (${t} ms, wanted >= 1000)" "$tmp/q.out"; fi
    if [ $t -le 4500 ]; then ok "a stopped peer is declared down within ~2x the tick time (${t} ms)"
    else not_ok "a stopped peer is declared down within ~2x the tick time (${t} ms, wanted <= 4500)" "$tmp/q.out"; fi
  else
    not_ok "a stopped peer is not declared down at once (no nodedown)" "$tmp/q.out"
    not_ok "a stopped peer is declared down within ~2x the tick time (no nodedown in 10 s)" "$tmp/q.out"
  fi
  kill -CONT "$pp"
else
  not_ok "a stopped peer is not declared down at once (not connected)" "$tmp/q.out" "$tmp/p.out"
  not_ok "a stopped peer is declared down within ~2x the tick time (not connected)" "$tmp/q.out"
fi

finish

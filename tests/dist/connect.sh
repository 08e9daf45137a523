#!/bin/sh
# Connecting nodes: connect and ping, node.list's kinds, disconnect, a wrong
# cookie (refused both ways, logged by the acceptor naming the other node),
# a name that epmd does not know, a short name meeting a long one, node.start
# at run time, the listen port range, and two nodes connecting to each other
# at the same moment. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; c=t$$c; d=t$$d; e=t$$e; r=t$$r; s1=t$$s; s2=t$$u
A=$a@$HOST; B=$b@$HOST; C=$c@$HOST

# a: stays up, watches nodes come and go.
lua peer.lua <<'EOF'
spawn(function()
  node.monitor_nodes(true)
  while true do local m = receive(); say("event", m[1], m[2]) end
end)
say("ready", node.self())
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/peer.lua"
wait_registered "$a" || not_ok "node $a registers with epmd" "$tmp/a.out" "$tmp/epmd.log"

# ---- connect, ping, list, disconnect ----
lua b.lua <<'EOF'
local A = arg[1]
say("connect", node.connect(A))
say("ping", node.ping(A))
say("visible", table.concat(node.list(), ","))
say("default", table.concat(node.list("visible"), ","))
say("hidden", "[" .. table.concat(node.list("hidden"), ",") .. "]")
say("connected", table.concat(node.list("connected"), ","))
say("this", table.concat(node.list("this"), ","))
local known = node.list("known"); table.sort(known)
say("known", table.concat(known, ","))
say("ping-self", node.ping(node.self()))
say("disconnect", node.disconnect(A))
say("after", "[" .. table.concat(node.list("connected"), ",") .. "]")
known = node.list("known"); table.sort(known)
say("known-after", table.concat(known, ","))
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
wait_for "$tmp/b.out" "^done" || true
check "node.connect to a running node: true" "$tmp/b.out" "^connect true$" 0
check "node.ping: pong" "$tmp/b.out" "^ping pong$" 0
check "node.list() lists the peer" "$tmp/b.out" "^visible $A$" 0
check "node.list(\"visible\") lists the peer" "$tmp/b.out" "^default $A$" 0
check "node.list(\"hidden\") is empty" "$tmp/b.out" "^hidden \[\]$" 0
check "node.list(\"connected\") lists the peer" "$tmp/b.out" "^connected $A$" 0
check "node.list(\"this\") is this node" "$tmp/b.out" "^this $B$" 0
known=$(printf '%s\n%s\n' "$A" "$B" | LC_ALL=C sort | tr '\n' ',' | sed 's/,$//')
check "node.list(\"known\") is this node and the peer" "$tmp/b.out" "^known $known$" 0
check "the acceptor sees the nodeup" "$tmp/a.out" "^event :nodeup $B$"
check "node.disconnect: true" "$tmp/b.out" "^disconnect true$" 0
check "after node.disconnect the peer is not listed" "$tmp/b.out" "^after \[\]$" 0
check "but node.list(\"known\") keeps it, as nodes(known)" "$tmp/b.out" "^known-after $known$" 0
check "the other side sees the nodedown after node.disconnect" "$tmp/a.out" "^event :nodedown $B$"

# ---- a wrong cookie ----
lua try.lua <<'EOF'
local ok, why = node.connect(arg[1])
say("connect", ok, why)
say("ping", node.ping(arg[1]))
say("list", "[" .. table.concat(node.list("connected"), ",") .. "]")
say("done")
halt()
EOF
start_node c --sname "$c" --cookie wrong "$tmp/try.lua" "$A"
wait_for "$tmp/c.out" "^done" || true
check "wrong cookie: node.connect returns false" "$tmp/c.out" "^connect false " 0
check "wrong cookie: the reason mentions the cookie" "$tmp/c.out" "^connect false .*[Cc]ookie" 0
check "wrong cookie: node.ping is pang" "$tmp/c.out" "^ping pang$" 0
check "wrong cookie: not connected" "$tmp/c.out" "^list \[\]$" 0
check "wrong cookie: the acceptor logs '** connection ... refused' naming the node" \
  "$tmp/a.out" "^\*\* connection .*$c@$HOST.* refused"
check_not "wrong cookie: the acceptor saw no nodeup" "$tmp/a.out" "nodeup $C"
# the other way: a node with the wrong cookie accepts, one with ours connects
lua wait.lua <<'EOF'
say("ready", node.self())
receive()
EOF
start_node e --sname "$e" --cookie wrong "$tmp/wait.lua"
wait_registered "$e" || true
start_node d --sname "$d" --cookie dist "$tmp/try.lua" "$e@$HOST"
wait_for "$tmp/d.out" "^done" || true
check "wrong cookie, other direction: node.connect returns false with a cookie reason" \
  "$tmp/d.out" "^connect false .*[Cc]ookie" 0
check "wrong cookie, other direction: the acceptor logs the refusal naming the node" \
  "$tmp/e.out" "^\*\* connection .*$d@$HOST.* refused"
stop_node e

# ---- names that cannot be reached ----
lua nosuch.lua <<'EOF'
local ok, why = node.connect(arg[1])
say("connect", ok, why)
local ok2, why2 = node.connect(arg[2])
say("long", ok2, why2)
say("done")
halt()
EOF
start_node l --name "t$$l@127.0.0.1" --cookie dist "$tmp/wait.lua"
wait_registered "t$$l" || true
start_node n --sname "t$$n" --cookie dist "$tmp/nosuch.lua" "nosuch$$@$HOST" "t$$l@127.0.0.1"
wait_for "$tmp/n.out" "^done" || true
check "a name epmd does not know: node.connect returns false" "$tmp/n.out" "^connect false " 0
check "a name epmd does not know: the reason names it" "$tmp/n.out" "^connect false .*nosuch$$" 0
check "a short name connecting to a long name: false" "$tmp/n.out" "^long false " 0
check "a short name connecting to a long name: the reason names the scheme" \
  "$tmp/n.out" "^long false .*(short|long) name" 0
stop_node l

# ---- node.start at run time ----
lua start.lua <<'EOF'
say("before", node.self(), node.alive())
local ok, why = node.start(arg[1], {cookie = "dist", epmd_port = tonumber(arg[3])})
say("start", ok, why)
say("after", node.self(), node.alive())
say("connect", node.connect(arg[2]))
say("list", table.concat(node.list(), ","))
say("done")
halt()
EOF
start_node r "$tmp/start.lua" "$r" "$A" "$EPMD"
wait_for "$tmp/r.out" "^done" || true
check "an unnamed node is nonode@nohost" "$tmp/r.out" "^before nonode@nohost false$" 0
check "node.start at run time: true" "$tmp/r.out" "^start true" 0
check "node.start: the node has its name" "$tmp/r.out" "^after $r@$HOST true$" 0
check "node.start: it connects to a running node" "$tmp/r.out" "^connect true$" 0
check "node.start: the peer is listed" "$tmp/r.out" "^list .*$A" 0

# ---- the listen port range ----
lo=$((EPMD + 200)); hi=$((lo + 4))
start_node p --sname "t$$p" --cookie dist --dist-listen-min "$lo" --dist-listen-max "$hi" "$tmp/wait.lua"
if wait_registered "t$$p"; then
  port=$(sed -n "s/^name t$$p at port \([0-9]*\)\$/\1/p" "$tmp/names")
  if [ -n "$port" ] && [ "$port" -ge "$lo" ] && [ "$port" -le "$hi" ]; then
    ok "--dist-listen-min/max: epmd lists a port in $lo-$hi ($port)"
  else not_ok "--dist-listen-min/max: epmd lists a port in $lo-$hi (got '$port')" "$tmp/names"; fi
else not_ok "--dist-listen-min/max: the node registers" "$tmp/p.out" "$tmp/names"; fi
start_node q --sname "t$$q" --cookie dist "$tmp/try.lua" "t$$p@$HOST"
wait_for "$tmp/q.out" "^done" || true
check "a node listening in the range can be reached" "$tmp/q.out" "^connect true" 0
stop_node p

# ---- both connect at the same moment ----
lua both.lua <<'EOF'
local other, go = arg[1], arg[2]
register("box", self())
node.monitor_nodes(true)
say("ready")
while not io.open(go) do sleep(2) end
say("connect", node.connect(other))
send(T("box", other), T(A.hi, node.self()))
local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == A.hi end, 10000, "hi")
say("hi-from", m and m[2])
local n = 0
for _, x in ipairs(node.list("connected")) do if x == other then n = n + 1 end end
say("listed", n)
say("done")
-- stay up until told: a nodedown meanwhile would show
while true do
  local m = receive()
  if m[1] == A.nodedown then say("nodedown", m[2]) end
end
EOF
go=$tmp/go
start_node s1 --sname "$s1" --cookie dist "$tmp/both.lua" "$s2@$HOST" "$go"
start_node s2 --sname "$s2" --cookie dist "$tmp/both.lua" "$s1@$HOST" "$go"
wait_for "$tmp/s1.out" "^ready" || true
wait_for "$tmp/s2.out" "^ready" || true
wait_registered "$s1" || true; wait_registered "$s2" || true
: >"$go"
wait_for "$tmp/s1.out" "^done" || true
wait_for "$tmp/s2.out" "^done" || true
if grep -q "^connect true$" "$tmp/s1.out" && grep -q "^connect true$" "$tmp/s2.out"
then ok "simultaneous connect: node.connect is true on both sides"
else not_ok "simultaneous connect: node.connect is true on both sides" "$tmp/s1.out" "$tmp/s2.out"; fi
if grep -q "^hi-from $s2@$HOST$" "$tmp/s1.out" && grep -q "^hi-from $s1@$HOST$" "$tmp/s2.out"
then ok "simultaneous connect: messages flow both ways"
else not_ok "simultaneous connect: messages flow both ways" "$tmp/s1.out" "$tmp/s2.out"; fi
if grep -q "^listed 1$" "$tmp/s1.out" && grep -q "^listed 1$" "$tmp/s2.out"
then ok "simultaneous connect: each lists the other once"
else not_ok "simultaneous connect: each lists the other once" "$tmp/s1.out" "$tmp/s2.out"; fi
# one connection: each process has one established TCP socket to the other
# (besides its epmd registration), when /proc lets us count them
eval "p1=\$pid_s1 p2=\$pid_s2"
if command -v ss >/dev/null 2>&1; then
  n1=$(ss -tnpH state established 2>/dev/null | grep "pid=$p1," | grep -vc ":$EPMD\b")
  n2=$(ss -tnpH state established 2>/dev/null | grep "pid=$p2," | grep -vc ":$EPMD\b")
  if [ "$n1" = 1 ] && [ "$n2" = 1 ]; then ok "simultaneous connect: one TCP connection is left"
  else echo "s1: $n1 connections, s2: $n2" >"$tmp/ss"; ss -tnp >>"$tmp/ss" 2>&1
       not_ok "simultaneous connect: one TCP connection is left" "$tmp/ss"; fi
else
  n=$((n + 1)); echo "ok $n # SKIP ss is not installed"
fi
check_not "simultaneous connect: no nodedown on either side" "$tmp/s1.out" "^nodedown"
check_not "simultaneous connect: no nodedown on the other side" "$tmp/s2.out" "^nodedown"

finish

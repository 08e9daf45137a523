#!/bin/sh
# peer: child repl nodes started from a script that is not a node yet
# ($REPL --epmd-port $EPMD script.lua): peer.start names it, starts peers
# connected (node.list, rpc), hidden (node.list("hidden") only), with
# another cookie (no connection, and why), with a tick time, with output
# prefixed "[name] ", discarded or given to a function; a name already
# taken and a start that times out give nil and why; peer.stop (the exit,
# nodedown) and peer.kill (nodedown at once); bad input gets a sentence;
# long names, asked for or following ours.
# No orphans: the peers of a parent that halts, is killed with kill -9,
# SIGINT or SIGTERM are gone within seconds; Ctrl-C in the parent's
# terminal (SIGINT to its process group) does not reach them. Prints TAP;
# REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
P=t$$

# pid_lines FILE: the OS pids a script printed ("pid N" lines) in $got,
# also added to those the cleanup stops, should a test fail.
pid_lines() {
  got=$(sed -n 's/^pid \([0-9][0-9]*\)$/\1/p' "$1" | tr '\n' ' ')
  pids="$pids $got"
}

# running PID: the process exists and is no zombie (an orphan's end is
# reaped by whatever init this machine has, maybe late).
running() {
  alive "$1" || return 1
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  [ -n "$st" ] && [ "$st" != Z ]
}

# gone PIDS [SECONDS]: every one of those processes has ended (checked at
# once, then for up to SECONDS, default 5).
gone() {
  limit=$(( ${2:-5} * 20 )); i=0
  while :; do
    any=0
    for q in $1; do running "$q" && any=1; done
    [ $any = 0 ] && return 0
    [ $i -ge $limit ] && return 1
    i=$((i + 1)); sleep 0.05
  done
}

lua main.lua <<'EOF'
local P = arg[1]
local function is_nodedown(n)
  return function(m) return typeof(m) == "tuple" and m[1] == A.nodedown and m[2] == n end
end
local function sorted(t) table.sort(t); return table.concat(t, ",") end
say("alive-before", node.alive())

local a, why = peer.start{name = P .. "a",
  args = {"-e", "print('hello from a'); io.stderr:write('warning from a\\n')"}}
say("self", node.self())
say("a", a and a.node, a and a.name, why)
say("pid", a.os_pid)
local b = peer.start{name = P .. "b", output = false, args = {"-e", "print('quiet b')"}}
say("pid", b.os_pid)
local lines = {}
local c = peer.start{name = P .. "c", hidden = true,
  output = function(l) lines[#lines + 1] = l end, args = {"-e", "print('to a function')"}}
say("pid", c.os_pid)
node.monitor_nodes(true)

say("list", sorted(node.list()))
say("hidden", sorted(node.list("hidden")))
say("rpc-a", rpc.call(a.node, "string", "upper", {"from a"}))
say("rpc-b", rpc.call(b.node, function() return "on " .. node.self() end))
say("rpc-c", rpc.call(c.node, function() return #node.list() .. " " .. #node.list("hidden") end))
local names = {}
for _, h in ipairs(peer.list()) do names[#names + 1] = h.name end
say("peers", table.concat(names, ","))
for _ = 1, 40 do if #lines > 0 then break end sleep(50) end
say("function-got", lines[1])

-- a line longer than 64 KiB comes in pieces; a last line with no newline
-- comes all the same, before peer.stop returns
local pieces = {}
local g = peer.start{name = P .. "g", connect = false,
  output = function(l) pieces[#pieces + 1] = l end,
  args = {"-e", "io.write(string.rep('x', 100000) .. '\\nno newline')"}}
peer.stop(g)
local xs, longest = 0, 0
for i = 1, #pieces - 1 do xs = xs + #pieces[i]; longest = math.max(longest, #pieces[i]) end
say("long-line", xs, longest <= 65536, pieces[#pieces])

-- no name: one is made up
local auto, awhy = peer.start{}
say("auto", auto and auto.name:match("^peer%d+_%d+$") ~= nil, awhy)
if auto then peer.stop(auto) end

-- tick time
local d = peer.start{name = P .. "d", ticktime = 3}
say("ticktime", rpc.call(d.node, "node", "ticktime"))
peer.stop(d)

-- another cookie: no connection, and why; with connect = false it is up,
-- and connects once we use its cookie for it
local e, ewhy = peer.start{name = P .. "e", cookie = "other"}
say("cookie", e, ewhy)
local f = peer.start{name = P .. "f", cookie = "other", connect = false}
say("cookie-noconnect", f and f.node)
say("cookie-connect", node.connect(f.node))
node.set_cookie(f.node, "other")
say("cookie-set", node.connect(f.node))
peer.stop(f)

-- a name taken, a start too slow
say("taken", peer.start{name = P .. "a"})
say("timeout", peer.start{name = P .. "t", timeout = 1})

-- stop: the exit (the OS pid, checked outside), nodedown
say("stop", peer.stop(a))
local m = receive(is_nodedown(a.node), 5000)
say("down-a", m and m[2])
say("stopped", a.os_pid)
say("stop-again", peer.stop(a))

-- kill -9: nodedown at once, not after a tick time
say("kill", peer.kill(b))
m = receive(is_nodedown(b.node), 1000)
say("down-b", m and m[2])
say("killed", b.os_pid)
say("peers-left", #peer.list())

-- bad input
say("bad-name", select(2, pcall(peer.start, {name = 1})))
say("bad-option", select(2, pcall(peer.start, {nme = "x"})))
say("bad-handle", select(2, pcall(peer.stop, "x")))
say("done")
halt()
EOF
start_node main "$tmp/main.lua" "$P"
MAIN=$pid_main

check "a script that is no node: peer.start names it, and says so on stderr" \
  "$tmp/main.out" "^peer: this node is now main_$MAIN@$HOST \\(peer.start named it\\)$"
check "peer.start returns a handle once the peer is up" "$tmp/main.out" "^a $P""a@$HOST $P""a nil$"
check "two connected peers are in node.list()" "$tmp/main.out" "^list $P""a@$HOST,$P""b@$HOST$"
check "a hidden peer is in node.list(\"hidden\") only" "$tmp/main.out" "^hidden $P""c@$HOST$"
check "rpc.call to a peer (mod, fun, args)" "$tmp/main.out" "^rpc-a FROM A$"
check "rpc.call to a peer (a closure)" "$tmp/main.out" "^rpc-b on $P""b@$HOST$"
check "rpc.call to the hidden peer, whose own view lists us as hidden" "$tmp/main.out" "^rpc-c 0 1$"
check "peer.list() names the running peers" "$tmp/main.out" "^peers $P""a,$P""b,$P""c$"
check "output = true: stdout lines prefixed [name]" "$tmp/main.out" "^\\[$P""a\\] hello from a$"
check "output = true: stderr lines prefixed [name]" "$tmp/main.out" "^\\[$P""a\\] warning from a$"
check_not "output = false: nothing shown" "$tmp/main.out" "quiet b"
check "output = function: it gets each line" "$tmp/main.out" "^function-got to a function$"
check_not "output = function: nothing printed" "$tmp/main.out" "^\\[$P""c\\]"
check "a long line in pieces, a last line with no newline" "$tmp/main.out" "^long-line 100000 true no newline$"
check "no name: peer.start makes one up" "$tmp/main.out" "^auto true nil$"
check "ticktime is passed to the peer" "$tmp/main.out" "^ticktime 3$"
check "another cookie: nil and why" "$tmp/main.out" "^cookie nil peer $P""e@$HOST started but could not connect to us, so it was stopped: .*cookie"
check "another cookie, connect = false: it is up" "$tmp/main.out" "^cookie-noconnect $P""f@$HOST$"
check "another cookie: node.connect says why not" "$tmp/main.out" "^cookie-connect false .*cookie"
check "node.set_cookie(peer, its cookie): then it connects" "$tmp/main.out" "^cookie-set true$"
check "a name already taken: nil and the child's own sentence" "$tmp/main.out" \
  "^taken nil peer $P""a did not start: the name '$P""a' is already registered with epmd on this host$"
check "a peer not up in time: nil and why" "$tmp/main.out" "^timeout nil peer $P""t did not start within 1 ms$"
check "peer.stop returns true" "$tmp/main.out" "^stop true$"
check "peer.stop: nodedown" "$tmp/main.out" "^down-a $P""a@$HOST$"
if wait_for "$tmp/main.out" "^stopped [0-9]+$"; then
  sp=$(sed -n 's/^stopped //p' "$tmp/main.out")
  if running "$sp"; then not_ok "peer.stop: the OS process has exited when it returns" "$tmp/main.out"
  else ok "peer.stop: the OS process has exited when it returns"; fi
else not_ok "peer.stop: the OS process has exited when it returns (no pid)" "$tmp/main.out"; fi
check "peer.stop of a stopped peer: nil and why" "$tmp/main.out" "^stop-again nil peer $P""a is not running$"
check "peer.kill returns true" "$tmp/main.out" "^kill true$"
check "peer.kill: nodedown within a second" "$tmp/main.out" "^down-b $P""b@$HOST$"
check "peer.list() after stop and kill: the hidden one is left" "$tmp/main.out" "^peers-left 1$"
check "bad input: a sentence (name)" "$tmp/main.out" "^bad-name peer.start: name must be a string, not a number$"
check "bad input: a sentence (option)" "$tmp/main.out" "^bad-option peer.start: unknown option 'nme'$"
check "bad input: a sentence (handle)" "$tmp/main.out" "^bad-handle peer.stop takes the handle that peer.start returned$"
check "the script ran to its end" "$tmp/main.out" "^done$"
check_not "no TIMEOUT" "$tmp/main.out" "TIMEOUT"
pid_lines "$tmp/main.out"; all=$got
if wait_exit "$MAIN" && gone "$all"; then ok "halt(): the script ends and its peers are gone"
else not_ok "halt(): the script ends and its peers are gone ($all)" "$tmp/main.out"; fi

# ---- long names ----
lua long.lua <<'EOF2'
local P = arg[1]
local l, why = peer.start{name = P .. "l", longnames = true}
say("long", l and l.node, why)
local m, mwhy = peer.start{name = P .. "m"}
say("long-default", m and m.node, mwhy)
say("long-list", #node.list())
say("pid", l.os_pid); say("pid", m.os_pid)
halt()
EOF2
start_node long "$tmp/long.lua" "$P"
check "longnames = true: a peer name@127.0.0.1, and so is ours" "$tmp/long.out" "^long $P""l@127.0.0.1 nil$"
check "longnames unset: our kind" "$tmp/long.out" "^long-default $P""m@127.0.0.1 nil$"
check "both long-named peers connected" "$tmp/long.out" "^long-list 2$"
check "the long-named script ran to its end" "$tmp/long.out" "^pid [0-9]+$"
pid_lines "$tmp/long.out"

# ---- no orphans ----
lua parent.lua <<'EOF'
local P = arg[1]
for _, n in ipairs{"x", "y"} do
  local h, why = peer.start{name = P .. n}
  if not h then say("failed", why) else say("pid", h.os_pid) end
end
say("ready")
receive()
EOF

# orphans SIGNAL HOW: a parent with two peers gets SIGNAL; its peers are
# gone within 5 s. HOW: "" runs the parent as start_node does; "default"
# undoes the SIGINT that sh ignores in background jobs.
orphans() {
  sig=$1; how=$2; id=o$sig
  if [ "$how" = default ]; then
    env --default-signal=INT "$REPL" --epmd-port "$EPMD" "$tmp/parent.lua" "$P$sig" \
      </dev/null >"$tmp/$id.out" 2>&1 &
    eval "pid_$id=$!"; pids="$pids $!"
  else
    start_node "$id" "$tmp/parent.lua" "$P$sig"
  fi
  eval "pp=\$pid_$id"
  if ! wait_for "$tmp/$id.out" "^ready$"; then
    not_ok "kill -$sig of a parent: its peers are gone (not ready)" "$tmp/$id.out"; return
  fi
  pid_lines "$tmp/$id.out"; kids=$got
  if [ "$(echo "$kids" | wc -w)" != 2 ]; then
    not_ok "kill -$sig of a parent: its peers are gone (no two peers)" "$tmp/$id.out"; return
  fi
  kill -"$sig" "$pp"
  if gone "$kids" 5; then ok "kill -$sig of a parent: its peers are gone within 5 s"
  else not_ok "kill -$sig of a parent: its peers are gone within 5 s ($kids)" "$tmp/$id.out"; fi
  wait_exit "$pp" || true
}
orphans KILL ""
orphans INT default
orphans TERM ""

# Ctrl-C in a terminal goes to its foreground process group: the peers
# are not in the parent's (the parent itself ignores SIGINT here, as sh
# makes background jobs do, as the shell handles it).
setsid "$REPL" --epmd-port "$EPMD" "$tmp/parent.lua" "${P}g" </dev/null >"$tmp/g.out" 2>&1 &
pid_g=$!; pids="$pids $pid_g"
if wait_for "$tmp/g.out" "^ready$"; then
  pid_lines "$tmp/g.out"; kids=$got
  # the group is the repl's own (its pid is in its node's name): setsid
  # may have forked first
  pid_g=$(sed -n 's/^peer: this node is now parent_\([0-9]*\)@.*/\1/p' "$tmp/g.out")
  pids="$pids $pid_g"
  kill -INT "-$pid_g"
  sleep 0.5
  if alive "$pid_g" && ! gone "$kids" 0; then
    ok "SIGINT to the parent's process group does not reach its peers"
  else not_ok "SIGINT to the parent's process group does not reach its peers" "$tmp/g.out"; fi
  kill -KILL "$pid_g"
  if gone "$kids" 5; then ok "then kill -9 of that parent: its peers are gone"
  else not_ok "then kill -9 of that parent: its peers are gone" "$tmp/g.out"; fi
else
  not_ok "SIGINT to the parent's process group does not reach its peers (not ready)" "$tmp/g.out"
fi

finish

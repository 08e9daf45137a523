#!/bin/sh
# tests/dist/stopped.sh: a node that leaves the distribution (node.stop())
# keeps what it held of other nodes, and sends to them are dropped, as erl
# drops {name, b@h} ! msg and RemotePid ! msg on a node that is not alive
# (after net_kernel:stop(): no error, ! returns the message); exit to a
# pid there is dropped, a monitor of it is DOWN and a link EXITs at once
# with noconnection, as erl's are. pg's scope
# lives on there: its peers' members are gone, its own still answer.
#   REPL=build/repl sh tests/dist/stopped.sh      (tests/exec sets REPL)
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh

start_epmd
start_node b --sname stb -e 'pg.start(); register("sh", self()); pg.join("g", self()); receive()'
wait_registered stb || { not_ok "stb registered" "$tmp/b.out"; finish; }

cat >"$tmp/a.lua" <<EOF
$PRELUDE
local b = "stb@$HOST"
local function until_true(f)          -- polls f for up to 5 s
  for _ = 1, 250 do if f() then return true end; sleep(20) end
  say("TIMEOUT")
end
assert(node.connect(b))
pg.start()
local mine = spawn(function() receive() end)
pg.join("g", mine)
until_true(function() return #pg.get_members("g") == 2 end)
local theirs = rpc.call(b, "_G", "whereis", {"sh"})
say("theirs:", typeof(theirs))
local scope = whereis("pg")
node.stop()
say("to pid:", pcall(send, theirs, "hi"))
say("to name:", pcall(send, tuple(atom.sh, atom[b]), "hi"))
say("to string name:", pcall(send, tuple("sh", b), "hi"))
-- and signals to its pid, as erl's after net_kernel:stop(): exit is
-- dropped (true), a monitor is DOWN at once and a link EXITs, noconnection
say("exit:", pcall(exit, theirs, "kill"))
local ref = monitor(theirs)
say("monitor:", receive(T(A.DOWN, ref, A.process, theirs, ANY), 1000))
trap_exit(true)
say("link:", link(theirs), receive(T(A.EXIT, theirs, ANY), 1000))
trap_exit(false)
local other = spawn(function() receive() end)
pg.join("g", other)
send(mine, "bye")                  -- a member exits: pg tells its peers
until_true(function() return #pg.get_members("g") == 1 end)
say("pg alive:", whereis("pg") == scope, is_alive(scope))
say("members:", #pg.get_members("g"), pg.get_members("g")[1] == other)
EOF
start_node a --sname sta "$tmp/a.lua"
wait_exit "$pid_a" 20
check "a send to a remote pid after node.stop() returns the message" "$tmp/a.out" '^to pid: true hi$'
check "a send to {name, node} after node.stop() returns the message" "$tmp/a.out" '^to name: true hi$'
check "with the name and node as strings too" "$tmp/a.out" '^to string name: true hi$'
check "exit(remote pid) after node.stop() is dropped: true" "$tmp/a.out" '^exit: true true$'
check "monitor(remote pid) after node.stop(): DOWN noconnection at once" "$tmp/a.out" '^monitor: \{:DOWN, .*, :process, <[0-9.]+>, :noconnection\}$'
check "link(remote pid) after node.stop(): EXIT noconnection" "$tmp/a.out" '^link: true \{:EXIT, <[0-9.]+>, :noconnection\}$'
check "pg's scope lives on after node.stop()" "$tmp/a.out" '^pg alive: true true$'
check "it holds this node's members only, and sees one leave" "$tmp/a.out" '^members: 1 true$'
check_not "nothing crashed, timed out or was dropped" "$tmp/a.out" 'crashed|stack traceback|dropped a message|TIMEOUT'
finish

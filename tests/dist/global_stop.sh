#!/bin/sh
# tests/dist/global_stop.sh: global's server lives on when its node leaves
# the distribution (node.stop()) with a request of another node's still to
# answer. Its answer then goes nowhere, as Erlang drops a message to
# another node from a node that is not alive; it used to crash the server
# with a stack trace (scripts/blog/01_unnamed_node.lua printed one while it
# passed). The request is global's own table-swap message, sent by hand so
# that it is sure to be waiting when the node stops.
#   REPL=build/repl sh tests/dist/global_stop.sh      (tests/exec sets REPL)
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh

start_epmd
start_node b --sname gsb -e 'receive()'
wait_registered gsb || { not_ok "gsb registered" "$tmp/b.out"; finish; }

cat >"$tmp/a.lua" <<EOF
$PRELUDE
local b = "gsb@$HOST"
assert(node.connect(b))
local theirs = rpc.call(b, "_G", "self", {})      -- a pid of b's
local server = whereis("repl_global")
node.stop()
send(server, tuple(atom.exchange, b, {}, theirs, make_ref()))
sleep(200)
say("same server:", whereis("repl_global") == server)
node.start("gsa")
say("registers:", global.register_name("gs_boss", self()), global.whereis_name("gs_boss") == self())
EOF
start_node a --sname gsa "$tmp/a.lua"
wait_exit "$pid_a" 20
check "the server that had a request to answer lives on after node.stop()" "$tmp/a.out" '^same server: true$'
check "global works when the node is named again" "$tmp/a.out" '^registers: true true$'
check_not "no crash is reported" "$tmp/a.out" 'crashed|stack traceback'
finish

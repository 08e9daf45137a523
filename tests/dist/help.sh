#!/bin/sh
# help in a named node: tests/lua/help.lua walks node, rpc, global and pg
# and wants an entry for every public function. It runs as a node with no
# name; here it runs again as a named node, where the cluster services are
# started, so that a function that appears only once named cannot go
# without help. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
start_node named --sname "h$$" --cookie help tests/lua/help.lua
if wait_exit "$pid_named" 60 && [ "$status" = 0 ]; then
  ok "tests/lua/help.lua passes in a named node"
else
  not_ok "tests/lua/help.lua passes in a named node (status $status)" "$tmp/named.out"
fi
check "... as a named node" "$tmp/named.out" "^# running as h$$@$HOST$" 0
check "... which walked the modules to their end" "$tmp/named.out" '^ok [0-9]+ - peer.stop: listed by h"peer"$' 0
check "... pg's too" "$tmp/named.out" '^ok [0-9]+ - pg.which_local_groups: listed by h"pg"$' 0
check_not "... and no test failed" "$tmp/named.out" "^not ok"
finish

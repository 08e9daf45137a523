#!/bin/sh
# tests/scripts/install.sh: `make install` ships everything the drills
# load. The install target runs into a folder of ours (DESTDIR, PREFIX=/usr)
# with the binary under test taken as built (make -o: nothing is rebuilt);
# then the drills that run a project's code (the Todo cluster, the chat,
# the KV store, the lock manager, the task queue, kata 83's patterns) run
# from the installed share/repl, by the installed binary, in an empty
# folder: no tests/ anywhere to load a kata's answer key from. Their
# guides have the learner load their own katas/, never tests/.
#   REPL=build/repl sh tests/scripts/install.sh      (tests/exec sets REPL)
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh
case $REPL in /*) ;; *) REPL=$(pwd)/$REPL ;; esac
B=$(dirname "$REPL")

DRILLS="ch12/todo_cluster.lua exercises/chat.lua exercises/kv_store.lua
  exercises/lock_manager.lua exercises/task_queue.lua kata83/pattern1_server.lua
  kata83/pattern2_fanout.lua kata83/pattern3_singleton.lua"

root=$tmp/root
if make -s -o "$B/repl" BUILD="$B" install DESTDIR="$root" PREFIX=/usr >"$tmp/make.out" 2>&1 &&
   [ -x "$root/usr/bin/repl" ] && [ -d "$root/usr/share/repl/scripts" ] &&
   [ -d "$root/usr/share/repl/katas" ]; then
  ok "make install puts the binary, the drills and the katas under DESTDIR/PREFIX"
else not_ok "make install puts the binary, the drills and the katas under DESTDIR/PREFIX" "$tmp/make.out"; fi
if [ -e "$root/usr/share/repl/tests" ]; then not_ok "nothing of tests/ is installed"
else ok "nothing of tests/ is installed"; fi

# Beyond the eight run below: no drill's code (comments aside) names the
# katas' answer keys.
grep -rn 'tests/katas' --include='*.lua' "$root/usr/share/repl/scripts" 2>/dev/null |
  grep -v '^[^:]*:[0-9]*:[[:space:]]*--' >"$tmp/answer-keys"
if [ -s "$tmp/answer-keys" ]; then not_ok "no drill loads a kata's answer key from tests/katas" "$tmp/answer-keys"
else ok "no drill loads a kata's answer key from tests/katas"; fi

start_epmd
REPL=$root/usr/bin/repl
share=$root/usr/share/repl/scripts
mkdir -p "$tmp/work"
for d in $DRILLS; do
  id=$(echo "$d" | tr '/.' '__')
  (cd "$tmp/work" && exec "$REPL" --epmd-port "$EPMD" "$share/$d") </dev/null >"$tmp/$id.out" 2>&1 &
  rp=$!; pids="$pids $rp"
  wait_exit "$rp" 120 || { stop_pids "$rp"; status=timeout; }
  if [ "$status" = 0 ] && grep -Eq '^== drill passed: ([1-9][0-9]*) of \1 checks$' "$tmp/$id.out"; then
    ok "$d passes, installed"
  else not_ok "$d passes, installed (status $status)" "$tmp/$id.out"; fi
  "$REPL" "$share/$d" --guide >"$tmp/$id.guide" 2>&1
  if grep -q 'dofile("katas/' "$tmp/$id.guide"; then
    check_not "$d: its guide loads nothing from tests/" "$tmp/$id.guide" 'tests/'
  else not_ok "$d: its guide has the learner load their own katas/" "$tmp/$id.guide"; fi
done
finish

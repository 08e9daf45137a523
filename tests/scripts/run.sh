#!/bin/sh
# tests/scripts/run.sh: every script under scripts/ (scripts/lib/ aside)
# runs by itself, as `make test` promises: each on this test's own epmd
# (--epmd-port, ERL_EPMD_PORT), with a time limit. A script passes when it
# exits 0; a drill (a script that calls drill.run) must also end with its
# summary line "== drill passed: N of N checks" (N > 0) and print no FAILED
# line, since its checks are its key output. After each script, no process
# it started may be left: none carries its run's marker in its environment
# (peers inherit it), and epmd lists no node.
# Then the engine's own failure paths, with drills written here: a failing
# check, a raising step, a bad declaration, and Ctrl-C in the middle.
# A script's output naming a place in the shell's own Lua (a crash report
# or trace from our code) fails it too, though its checks passed.
#   REPL=build/repl sh tests/scripts/run.sh      (tests/exec sets REPL)
#   SCRIPTS="scripts/blog/01_unnamed_node.lua" ...  only those scripts
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh
case $REPL in /*) ;; *) REPL=$(pwd)/$REPL ;; esac
LIMIT=${SCRIPT_LIMIT:-120}      # seconds a script may take

start_epmd

# leftovers TAG: the pids of live processes whose environment holds
# DRILL_RUN=TAG (the script and everything it started inherit it).
# One grep over every environment (NUL-separated entries, -z); others'
# processes it cannot read are skipped quietly (-s).
leftovers() {
  for e in $(grep -lsxz "DRILL_RUN=$1" /proc/[0-9]*/environ); do
    p=${e#/proc/}; p=${p%/environ}
    alive "$p" && echo "$p"
  done
}

# epmd_empty: epmd lists no node (registrations end with their node).
epmd_empty() {
  i=0
  while [ $i -lt 200 ]; do
    "$REPL" --epmd --names --epmd-port "$EPMD" >"$tmp/names" 2>&1 &&
      ! grep -q "^name " "$tmp/names" && return 0
    i=$((i + 1)); sleep 0.05
  done
  return 1
}

# no_leftovers NAME TAG: nothing of the run TAG is alive (after up to 10 s:
# a peer halts as soon as it sees its parent gone, sooner on a machine
# that is not loaded), and epmd is empty.
no_leftovers() {
  i=0
  while [ $i -lt 200 ] && [ -n "$(leftovers "$2")" ]; do i=$((i + 1)); sleep 0.05; done
  left=$(leftovers "$2")
  if [ -n "$left" ]; then
    # one line: a newline in the name would break the TAP line
    not_ok "$1: no process left (left: $(for p in $left; do tr '\0' ' ' </proc/$p/cmdline; printf '; '; done))"
    # shellcheck disable=SC2086
    stop_pids $left
  elif ! epmd_empty; then not_ok "$1: epmd lists no node" "$tmp/names"
  else ok "$1: no process left, epmd lists no node"
  fi
}

# internal_crash FILE: a line of FILE names a place in the shell's own
# Lua (vm/lua, dist/lua, repl/lua, embedded in the binary): a crash report
# or stack trace from our code, which a drill must not print even when its
# checks pass. A crash of the learner's code (stdin:N:) is what erl prints
# too (an error report), and is allowed.
internal_crash() {
  grep -Eq '(^|[^[:alnum:]_])(vm|dist|repl)/lua/[[:alnum:]_]+\.lua:[0-9]+' "$1"
}

# run_script ID FILE [ARGS...]: runs it to its end (or kills it after
# $LIMIT s); its output in $tmp/ID.out, its exit status in $status.
runs=0
run_script() {
  id=$1; shift
  runs=$((runs + 1)); tag=$$-$runs
  DRILL_RUN=$tag "$REPL" --epmd-port "$EPMD" "$@" </dev/null >"$tmp/$id.out" 2>&1 &
  rp=$!; pids="$pids $rp"
  wait_exit "$rp" "$LIMIT" || { stop_pids "$rp"; status=timeout; }
}

# ---- every script under scripts/ ----

found=0
# SCRIPTS="scripts/a.lua ..." runs only those (while writing a drill).
for f in ${SCRIPTS:-$(find scripts -name '*.lua' ! -path 'scripts/lib/*' | sort)}; do
  found=$((found + 1))
  id=$(echo "$f" | tr '/.' '__')
  run_script "$id" "$f"
  if [ "$status" = 0 ]; then ok "$f exits 0"
  else not_ok "$f exits 0 (status $status)" "$tmp/$id.out"; fi
  if grep -q 'drill\.run' "$f"; then
    last=$(sed '/^[[:space:]]*$/d' "$tmp/$id.out" | tail -n 1)
    if echo "$last" | grep -Eq '^== drill passed: ([1-9][0-9]*) of \1 checks$' &&
       ! grep -q 'FAILED' "$tmp/$id.out"; then
      ok "$f: every check passed ($last)"
    else not_ok "$f: ends with '== drill passed: N of N checks'" "$tmp/$id.out"; fi
  fi
  if internal_crash "$tmp/$id.out"; then
    not_ok "$f: no crash report or trace from the shell's own code" "$tmp/$id.out"
  else ok "$f: no crash report or trace from the shell's own code"; fi
  no_leftovers "$f" "$tag"
done
[ "$found" -gt 0 ] && ok "found $found scripts under scripts/" || not_ok "found scripts under scripts/"

# ---- the engine's failure paths ----

# A drill that fails one check and shows the failure, goes on, and exits 1.
cat >"$tmp/failing.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "a failing drill", nodes = { "a1", "a2" }, steps = {
  { say = "a check that fails", on = "a1", type = "1 + 1", expect = "3", check = "3" },
  { say = "a check that passes", on = "a2", type = "x = 41; return x + 1", check = "42" },
  { say = "globals persist in a node's shell", on = "a2", type = "x", check = function(v) return v == 41 end },
  { say = "an error is shown as the shell shows it", on = "a1", type = [[error("boom")]], check = "boom" },
} }
EOF
run_script failing "$tmp/failing.lua"
if [ "$status" = 1 ]; then ok "a drill with a failed check exits 1"
else not_ok "a drill with a failed check exits 1 (status $status)" "$tmp/failing.out"; fi
check "the failed check says what was expected" "$tmp/failing.out" '^   FAILED: expected 3$' 0
check "the shell's output of a step shows" "$tmp/failing.out" '^a2> x = 41; return x \+ 1$' 0
check "a later step still runs, with the node's globals" "$tmp/failing.out" '^41$' 0
check "an error shows as the shell's" "$tmp/failing.out" '^\*\* \(error\) stdin:1: boom$' 0
check "a raising step fails its check" "$tmp/failing.out" '^   FAILED: it raised an error$' 0
check "the summary counts" "$tmp/failing.out" '^== drill FAILED: 2 of 4 checks passed$' 0
no_leftovers "failing drill" "$tag"

# A step whose act raises: the drill stops, says why, stops its peers.
cat >"$tmp/raising.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "a raising drill", nodes = { "b1" }, steps = {
  { say = "something breaks", act = function() error("the act broke", 0) end },
  { say = "never run", on = "b1", type = "1", check = "1" },
} }
EOF
run_script raising "$tmp/raising.lua"
if [ "$status" = 1 ]; then ok "a drill that raises exits 1"
else not_ok "a drill that raises exits 1 (status $status)" "$tmp/raising.out"; fi
check "it says why" "$tmp/raising.out" '^== drill FAILED: the act broke$' 0
check_not "it stops at once" "$tmp/raising.out" 'never run'
no_leftovers "raising drill" "$tag"

# Node options (the learner's command-line flags) reach the peers, a node
# with a cookie of its own is reached all the same, and an act can kill a
# node as a machine that dies.
cat >"$tmp/options.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "node options", steps = {
  { on = "o2", type = "node.get_cookie()", check = '"c0ok"' },
  { on = "o2", type = "node.ticktime()", check = "7" },
  { on = "o1", type = [[node.set_cookie("o2@HOST", "c0ok"); return node.connect("o2@HOST")]], check = "true" },
  { say = "o2 is hidden", on = "o1", type = "node.list()", check = function(l) return #l == 0 end },
  { say = "o2 dies", act = function(ctx) ctx.kill("o2") end },
  { on = "o1", type = [[node.ping("o2@HOST")]], check = '"pang"' },
}, nodes = { "o1", { name = "o2", hidden = true, cookie = "c0ok", ticktime = 7 } } }
EOF
run_script options "$tmp/options.lua"
if [ "$status" = 0 ] && grep -q '^== drill passed: 5 of 5 checks$' "$tmp/options.out"; then
  ok "node options reach the peers; an act kills a node"
else not_ok "node options reach the peers; an act kills a node (status $status)" "$tmp/options.out"; fi
no_leftovers "options drill" "$tag"
"$REPL" "$tmp/options.lua" --guide o1 >"$tmp/options-guide.out" 2>&1
check "the guide shows a node's flags" "$tmp/options-guide.out" \
  '^You are terminal o1\. The drill.s terminals: repl --sname o1, repl --sname o2 --cookie c0ok --hidden --net-ticktime 7\.$' 0
# A drill with tls = true: the guide has the learner make a certificate
# and start each node with it (self-running it is among the scripts above).
"$REPL" scripts/kata83/pitfall3_tls.lua --guide alice >"$tmp/tls-guide.out" 2>&1
check "a TLS drill's guide: each node's flags name the certificate" "$tmp/tls-guide.out" \
  '^You are terminal alice\. The drill.s terminals: repl --sname alice --tls-certfile cert.pem --tls-keyfile key.pem, repl --sname bob --tls-certfile cert.pem --tls-keyfile key.pem\.$' 0
check "a TLS drill's guide: how to make the certificate" "$tmp/tls-guide.out" \
  '^you start the terminals from: openssl req -x509 .*-keyout key\.pem -out cert\.pem' 0

# A node's shell that dies is replaced, as the learner's is (the globals
# stay, the new shell has a new pid), whether a linked process crashed
# after the step or the step killed it (kill, or an exit signal it cannot
# catch); a node that is killed is not. A result that cannot travel (a
# coroutine) still shows.
cat >"$tmp/shells.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "shells", nodes = { "s1", "s2" }, steps = {
  { on = "s1", type = "me = self(); return me", check = function(p) return typeof(p) == "pid" end },
  { on = "s1", type = [[link(spawn(function() sleep(50); error("boom") end))]], check = "true" },
  { on = "s2", type = "sleep(300)" },
  { on = "s1", type = "self() ~= me, me ~= nil", check = "true, true" },
  { on = "s1", type = [[exit(self(), "kill")]], output = "shell process exited with reason: :killed" },
  { on = "s1", type = [[exit(self(), "boom")]], output = "shell process exited with reason: boom" },
  { on = "s1", type = "coroutine.create(print)", check = "thread: " },
  { act = function(ctx) ctx.kill("s2") end },
  { on = "s1", type = [[node.ping("s2@HOST")]], check = '"pang"' },
} }
EOF
run_script shells "$tmp/shells.lua"
if [ "$status" = 0 ] && grep -q '^== drill passed: 7 of 7 checks$' "$tmp/shells.out"; then
  ok "a dead shell is replaced, globals kept; a killed node is not"
else not_ok "a dead shell is replaced, globals kept; a killed node is not (status $status)" "$tmp/shells.out"; fi
check "a crash in a linked process shows as the shell shows it" "$tmp/shells.out" \
  '^\[s1\] \*\* \(EXIT from <0\.[0-9]+\.[0-9]+>\) shell process exited with reason: stdin:1: boom$' 0
no_leftovers "shells drill" "$tag"
if internal_crash "$tmp/shells.out"; then
  not_ok "a crash of the learner's code (stdin:N:) is not taken for the shell's" "$tmp/shells.out"
else ok "a crash of the learner's code (stdin:N:) is not taken for the shell's"; fi

# A crash report as one of the embedded modules' would print (the check
# above, on every script's output, must see it).
cat >"$tmp/internal.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "a crash in our code", nodes = { "i1" }, steps = {
  { on = "i1", type = [[spawn(function() error("dist/lua/global.lua:1: as if ours", 0) end); sleep(200); return 1]],
    check = "1" } } }
EOF
run_script internal "$tmp/internal.lua"
if [ "$status" = 0 ] && internal_crash "$tmp/internal.out"; then
  ok "a crash report from the shell's own code is caught, though the drill passed"
else not_ok "a crash report from the shell's own code is caught, though the drill passed (status $status)" "$tmp/internal.out"; fi
no_leftovers "internal crash drill" "$tag"

# A bad declaration: one sentence naming the step, before any node starts.
cat >"$tmp/bad.lua" <<'EOF'
require("repl.drill").run { title = "bad", nodes = { "c1" }, steps = {
  { say = "fine", on = "c1", type = "1" },
  { say = "where?", on = "c9", type = "1" } } }
EOF
run_script bad "$tmp/bad.lua"
if [ "$status" != 0 ] && grep -q "step 2 is on 'c9', which is not one of nodes" "$tmp/bad.out"; then
  ok "a bad declaration is one clear sentence and a failure"
else not_ok "a bad declaration is one clear sentence and a failure (status $status)" "$tmp/bad.out"; fi

# Ctrl-C in the middle of a drill (SIGINT, reset to its default: a shell
# starts background jobs with it ignored): the runner ends, so do the peers.
cat >"$tmp/slow.lua" <<'EOF'
local drill = require "repl.drill"
drill.run { title = "a slow drill", nodes = { "d1", "d2" }, steps = {
  { say = "wait", on = "d1", type = "receive(30000)", wait = 40000 } } }
EOF
runs=$((runs + 1)); tag=$$-$runs
DRILL_RUN=$tag perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' "$REPL" --epmd-port "$EPMD" \
  "$tmp/slow.lua" </dev/null >"$tmp/slow.out" 2>&1 &
rp=$!; pids="$pids $rp"
if wait_for "$tmp/slow.out" '^d1> receive\(30000\)$'; then
  kill -INT "$rp"
  if wait_exit "$rp"; then ok "Ctrl-C ends a running drill"
  else not_ok "Ctrl-C ends a running drill" "$tmp/slow.out"; fi
  no_leftovers "Ctrl-C" "$tag"
else
  not_ok "the slow drill reached its step" "$tmp/slow.out"
fi

finish

# tests/dist/lib.sh: sourced by the multi-node tests in tests/dist/. Gives
# each test file a private directory and HOME, its own epmd (ours, in the
# foreground, started here, so that no node ever starts an untracked
# daemon), nodes started in the background with their pids kept, waits on
# events (epmd registrations, lines in a node's output) with timeouts instead
# of sleeps, TAP output, and a trap that stops every process started here
# (TERM, then KILL after a grace period), even when a test fails.
#
#   . tests/dist/lib.sh       (REPL names the binary; tests/exec sets it)
#   start_epmd                EPMD=port, ERL_EPMD_PORT exported
#   start_node ID ARGS...     $REPL --epmd-port $EPMD ARGS... in the
#                             background; output in $tmp/ID.out, pid in
#                             the variable pid_ID
#   wait_for FILE PATTERN [SECONDS]   a line of FILE matches (grep -E)
#   wait_registered NAME [SECONDS]    epmd lists NAME
#   ok NAME / not_ok NAME FILES... / check NAME FILE PATTERN
#   finish                    stops every node, checks their output for
#                             sanitizer reports, prints the plan, exits
# tests/run lists every tests/dist/*.sh, this file too: run by itself, it
# says it is no test.
case $0 in
  lib.sh|*/lib.sh) echo "1..0 # SKIP lib.sh is the library of the tests beside it"; exit 0 ;;
esac
set -u
REPL=${REPL:-build/repl}
n=0; failed=0
pids=""                  # every process started here, to stop at the end
tmp=$(mktemp -d "${TMPDIR:-/tmp}/repl-dist.XXXXXX")
HOME=$tmp/home; mkdir -m 700 "$HOME"; export HOME
HOST=$(uname -n | cut -d. -f1)     # what --sname puts after the @
unset ERL_EPMD_PORT
WAIT=${DIST_WAIT:-10}    # default seconds to wait for an event

[ -x "$REPL" ] || { echo "Bail out! $REPL is not built"; exit 1; }

# ---- processes ----

alive() { kill -0 "$1" 2>/dev/null; }

# stop_pids PID...: CONT (a stopped process cannot die of TERM), TERM, up
# to 2 s of grace, then KILL; and reap them.
stop_pids() {
  [ $# -gt 0 ] || return 0
  for p in "$@"; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
  i=0
  while [ $i -lt 40 ]; do
    any=0
    for p in "$@"; do alive "$p" && any=1; done
    [ $any = 0 ] && break
    i=$((i + 1)); sleep 0.05
  done
  for p in "$@"; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
  for p in "$@"; do wait "$p" 2>/dev/null; done
  return 0
}

cleanup() {
  # shellcheck disable=SC2086
  stop_pids $pids
  pids=""
  if [ -n "${DIST_KEEP:-}" ]; then echo "# kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# start_node ID ARGS...: runs $REPL --epmd-port $EPMD ARGS... in the
# background, stdin from /dev/null, stdout and stderr in $tmp/ID.out; its
# pid goes to pid_ID (and $last_pid).
start_node() {
  id=$1; shift
  "$REPL" --epmd-port "$EPMD" "$@" </dev/null >"$tmp/$id.out" 2>&1 &
  last_pid=$!
  pids="$pids $last_pid"
  eval "pid_$id=$last_pid"
}

# stop_node ID: stops that node (TERM, then KILL) and forgets its pid.
stop_node() {
  eval "p=\${pid_$1:-}"
  [ -n "$p" ] || return 0
  stop_pids "$p"
  new=""; for q in $pids; do [ "$q" = "$p" ] || new="$new $q"; done; pids=$new
}

# ---- waiting ----

# wait_for FILE PATTERN [SECONDS]: true as soon as a line of FILE matches the
# extended regular expression PATTERN; false after SECONDS (default $WAIT).
wait_for() {
  limit=$(( ${3:-$WAIT} * 20 )); i=0
  while [ $i -lt $limit ]; do
    [ -f "$1" ] && grep -Eq -- "$2" "$1" && return 0
    i=$((i + 1)); sleep 0.05
  done
  grep -Eq -- "$2" "$1" 2>/dev/null
}

# wait_registered NAME [SECONDS]: epmd lists NAME (names output in $tmp/names).
wait_registered() {
  limit=$(( ${2:-$WAIT} * 10 )); i=0
  while [ $i -lt $limit ]; do
    "$REPL" --epmd --names --epmd-port "$EPMD" >"$tmp/names" 2>&1 &&
      grep -q "^name $1 at port" "$tmp/names" && return 0
    i=$((i + 1)); sleep 0.1
  done
  return 1
}

# wait_exit PID [SECONDS]: the process has ended; its status in $status.
wait_exit() {
  limit=$(( ${2:-$WAIT} * 20 )); i=0
  while alive "$1" && [ $i -lt $limit ]; do i=$((i + 1)); sleep 0.05; done
  if alive "$1"; then status=timeout; return 1; fi
  wait "$1"; status=$?
  return 0
}

# ms: milliseconds since the epoch.
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- epmd ----

# start_epmd: our epmd in the foreground mode, in the background, on a port
# in 30000-39999 derived from our pid where nothing answers yet.
start_epmd() {
  tries=0
  while [ $tries -lt 30 ]; do
    EPMD=$(( 30000 + ($$ * 13 + tries * 347) % 10000 )); tries=$((tries + 1))
    "$REPL" --epmd --names --epmd-port "$EPMD" >/dev/null 2>&1 && continue
    "$REPL" --epmd --epmd-port "$EPMD" </dev/null >"$tmp/epmd.log" 2>&1 &
    epmd_pid=$!; pids="$pids $epmd_pid"
    i=0
    while [ $i -lt 100 ] && alive "$epmd_pid"; do
      grep -q "^epmd: listening on port $EPMD\$" "$tmp/epmd.log" && {
        ERL_EPMD_PORT=$EPMD; export ERL_EPMD_PORT; return 0; }
      i=$((i + 1)); sleep 0.05
    done
    stop_pids "$epmd_pid"
  done
  echo "Bail out! cannot start an epmd on a free port"; exit 1
}

# ---- TAP ----

ok() { n=$((n + 1)); echo "ok $n - $1"; }
# not_ok NAME [FILE...]: a failure, with the end of each file as diagnostics.
not_ok() {
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
  shift
  for nf_file in "$@"; do     # not f: callers loop over f
    [ -f "$nf_file" ] || { echo "#   ($nf_file: missing)"; continue; }
    echo "#   --- ${nf_file#"$tmp"/}:"; tail -n 25 "$nf_file" | sed 's/^/#   /'
  done
  return 0
}
# check NAME FILE PATTERN [SECONDS]: waits for a line of FILE to match.
check() {
  if wait_for "$2" "$3" "${4:-$WAIT}"; then ok "$1"
  else not_ok "$1 (no line matching /$3/)" "$2"; fi
}
# check_not NAME FILE PATTERN: no line of FILE matches (now).
check_not() {
  if grep -Eq -- "$3" "$2" 2>/dev/null; then not_ok "$1 (a line matches /$3/)" "$2"
  else ok "$1"; fi
}
# sanitizer FILE...: true when one of the files holds a sanitizer report.
sanitizer() {
  grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:|WARNING: .*Sanitizer" "$@" 2>/dev/null | head -1 | grep -q .
}

# finish: stops every process, then one last test: no node's output holds a
# sanitizer report (the sanitized build writes them to stderr, which each
# node's output file holds); then the plan, and the status.
finish() {
  # shellcheck disable=SC2086
  stop_pids $pids
  pids=""
  bad=""
  for f in "$tmp"/*.out "$tmp"/epmd.log; do
    [ -f "$f" ] && sanitizer "$f" && bad="$bad $f"
  done
  # shellcheck disable=SC2086
  if [ -z "$bad" ]; then ok "no sanitizer report in any node's output"
  else not_ok "no sanitizer report in any node's output" $bad; fi
  echo "1..$n"
  [ "$failed" -eq 0 ]
  exit $?
}

# The Lua every script starts with: str(v) is v as the shell prints it;
# say(...) prints a line of them; wait_msg(pred, ms) a selective receive that
# prints TIMEOUT and halts the node (status 3) when nothing comes.
PRELUDE='str = require("repl.printer").repr
function say(...)
  local t = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    t[i] = type(v) == "string" and v or str(v)
  end
  print(table.concat(t, " "))
end
function wait_msg(pred, ms, what)
  local m = receive(pred, ms or 10000)
  if m == nil then say("TIMEOUT waiting for " .. (what or "a message")) end
  return m
end
A, T = atom, tuple
'

# lua FILE: writes the prelude and stdin into $tmp/FILE.
lua() { { printf '%s\n' "$PRELUDE"; cat; } >"$tmp/$1"; }

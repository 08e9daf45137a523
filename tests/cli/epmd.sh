#!/bin/sh
# EPMD against the real thing, each case on its own port: real erl nodes
# register with our `repl --epmd`, find each other through it and ping;
# the real epmd's -names and -kill talk to ours; our client (repl --epmd
# --names, and the unit tests' client group) works with a real epmd; the
# --daemon mode detaches quietly and says when it cannot listen. Prints TAP.
# REPL names the binary, REPL_BUILD its build directory (tests/exec sets
# both). Every process started here is stopped by pid in the trap.
set -u
REPL=${REPL:-build/repl}
REPL_BUILD=${REPL_BUILD:-$(dirname "$REPL")}
n=0; failed=0
tmp=$(mktemp -d)
pids=""            # background processes to stop
ports=""           # ports whose daemons to stop

# The daemon's pid is not ours to know (it double-forks), so look it up by
# the port it was given, which is unique to this run.
daemon_pids() {
  for d in /proc/[0-9]*; do
    cat "$d/cmdline" 2>/dev/null | tr '\0' ' ' | grep -q -- "--epmd --daemon --epmd-port $1 \$" \
      && echo "${d#/proc/}"
  done
}
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  for port in $ports; do for p in $(daemon_pids "$port"); do kill "$p"; done; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {   # not_ok NAME FILE
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
  [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/#   /' "$2" | head -15
}
check() {    # check NAME FILE PATTERN: the file has a line matching
  if grep -q -- "$3" "$2"; then ok "$1"; else not_ok "$1" "$2"; fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# A port in 20000-29999 that nothing listens on, from our pid; the range is
# below Linux's ephemeral ports, so the kernel will not hand it out meanwhile.
next=0
free_port() {
  while :; do
    p=$((20000 + ($$ * 7 + next * 131) % 10000)); next=$((next + 1))
    "$REPL" --epmd --names --epmd-port "$p" >/dev/null 2>&1 || { echo "$p"; return; }
  done
}

# Waits up to 20 s for `repl --epmd --names` to list (or not) a name.
wait_listed() {   # wait_listed PORT NAME yes|no
  i=0
  while [ $i -lt 200 ]; do
    if "$REPL" --epmd --names --epmd-port "$1" >"$tmp/names" 2>&1 &&
       grep -q "^name $2 at port" "$tmp/names"; then [ "$3" = yes ] && return 0
    else [ "$3" = no ] && grep -q "up and running" "$tmp/names" && return 0
    fi
    i=$((i + 1)); sleep 0.1
  done
  return 1
}
wait_up() {       # wait_up PORT: an epmd answers there
  i=0
  while [ $i -lt 100 ]; do
    "$REPL" --epmd --names --epmd-port "$1" >/dev/null 2>&1 && return 0
    i=$((i + 1)); sleep 0.1
  done
  return 1
}

# A real erl node that stays up for a minute; its pid is erl's, which execs
# the emulator. -start_epmd false: never start a real epmd behind our back.
erl_node() {      # erl_node PORT NAME
  ERL_EPMD_PORT=$1 erl -sname "$2" -setcookie epmdtest -noshell -start_epmd false \
    -eval 'timer:sleep(60000), halt().' >"$tmp/$2.out" 2>&1 &
  erl_pid=$!; pids="$pids $erl_pid"
}
# A real erl node that runs code and halts, within 60 s.
erl_run() {       # erl_run PORT NAME CODE
  ERL_EPMD_PORT=$1 timeout 60 erl -sname "$2" -setcookie epmdtest -noshell \
    -start_epmd false -eval "$3, halt()."
}
[ -x "$REPL" ] || { echo "Bail out! $REPL is not built"; exit 1; }
have_erl=0; command -v erl >/dev/null 2>&1 && have_erl=1
have_epmd=0; command -v epmd >/dev/null 2>&1 && have_epmd=1

# ---- 1. our epmd in the foreground, real erl nodes on it ----
P=$(free_port)
"$REPL" --epmd --epmd-port "$P" >"$tmp/ours.log" 2>&1 &
ours=$!; pids="$pids $ours"
if wait_up "$P"; then ok "repl --epmd listens on port $P"
else not_ok "repl --epmd listens on port $P" "$tmp/ours.log"; fi
check "it says so on its first line" "$tmp/ours.log" "^epmd: listening on port $P$"

t1=t1_$$; t2=t2_$$
if [ $have_erl = 1 ]; then
  erl_node "$P" "$t1"
  if wait_listed "$P" "$t1" yes; then ok "a real erl registers with our epmd (repl --epmd --names lists it)"
  else not_ok "a real erl registers with our epmd (repl --epmd --names lists it)" "$tmp/names"; fi
  check "our epmd logs the registration" "$tmp/ours.log" "^epmd: registered $t1 at port [0-9]* (normal node, creation [0-9]*)$"
  if [ $have_epmd = 1 ]; then
    epmd -port "$P" -names >"$tmp/o" 2>&1
    check "the real epmd -names reads our answer" "$tmp/o" "^name $t1 at port [0-9]*$"
  else skip "no epmd binary"; fi
  erl_run "$P" "$t2" '[_, H] = string:split(atom_to_list(node()), "@"),
    io:format("ping: ~p~n", [net_adm:ping(list_to_atom("'"$t1"'@" ++ H))]),
    io:format("names: ~p~n", [net_adm:names()])' >"$tmp/o" 2>&1
  check "two real erl nodes find each other through our epmd: pong" "$tmp/o" "^ping: pong$"
  check "net_adm:names() on our epmd lists both" "$tmp/o" "names: {ok,.*\"$t1\".*\"$t2\"\|names: {ok,.*\"$t2\".*\"$t1\""
  kill "$erl_pid" 2>/dev/null
  if wait_listed "$P" "$t1" no; then ok "a node that stops is unregistered"
  else not_ok "a node that stops is unregistered" "$tmp/names"; fi
  check "our epmd logs the unregistration" "$tmp/ours.log" "^epmd: unregistered $t1$"
else
  for t in 1 2 3 4 5 6 7; do skip "erl is not installed"; done
fi
kill -TERM "$ours"; wait "$ours"; st=$?
if [ $st = 0 ]; then ok "SIGTERM stops our epmd cleanly (status 0)"
else echo "status $st" >>"$tmp/ours.log"; not_ok "SIGTERM stops our epmd cleanly (status 0)" "$tmp/ours.log"; fi

# ---- 2. a real epmd, our client ----
if [ $have_epmd = 1 ]; then
  P2=$(free_port)
  epmd -port "$P2" >"$tmp/real.log" 2>&1 &
  real=$!; pids="$pids $real"
  if wait_up "$P2"; then ok "repl --epmd --names reaches a real epmd"
  else not_ok "repl --epmd --names reaches a real epmd" "$tmp/real.log"; fi
  if [ -x "$REPL_BUILD/tests/epmd" ]; then
    EPMD_PORT=$P2 CMOCKA_MESSAGE_OUTPUT=TAP "$REPL_BUILD/tests/epmd" >"$tmp/o" 2>&1
    if [ $? = 0 ]; then ok "our client registers, looks up and lists at a real epmd"
    else not_ok "our client registers, looks up and lists at a real epmd" "$tmp/o"; fi
  else skip "$REPL_BUILD/tests/epmd is not built"; fi
  if [ $have_erl = 1 ]; then
    t3=t3_$$
    erl_node "$P2" "$t3"
    if wait_listed "$P2" "$t3" yes; then ok "repl --epmd --names lists a real erl registered at a real epmd"
    else not_ok "repl --epmd --names lists a real erl registered at a real epmd" "$tmp/names"; fi
    kill "$erl_pid" 2>/dev/null
  else skip "erl is not installed"; fi
else
  for t in 1 2 3; do skip "no epmd binary"; done
fi

# ---- 3. --daemon ----
P3=$(free_port)
"$REPL" --epmd --daemon --epmd-port "$P3" >"$tmp/o" 2>&1; st=$?
[ $st = 0 ] && ports="$ports $P3"     # ours to stop, only if it started
if [ $st = 0 ] && [ ! -s "$tmp/o" ]; then ok "--daemon returns at once, silent, status 0"
else echo "status $st" >>"$tmp/o"; not_ok "--daemon returns at once, silent, status 0" "$tmp/o"; fi
"$REPL" --epmd --names --epmd-port "$P3" >"$tmp/o" 2>&1
check "the daemon is listening when --daemon returns" "$tmp/o" "^epmd: up and running on port $P3 with data:$"
"$REPL" --epmd --daemon --epmd-port "$P3" >"$tmp/o" 2>&1; st=$?
if [ $st = 1 ] && grep -q "cannot listen on port $P3: address already in use" "$tmp/o"
then ok "a second daemon on the port: one sentence, status 1"
else not_ok "a second daemon on the port: one sentence, status 1" "$tmp/o"; fi
if [ $have_epmd = 1 ]; then
  epmd -port "$P3" -kill >"$tmp/o" 2>&1
  check "the real epmd -kill stops our idle daemon" "$tmp/o" "Killed"
  i=0; while [ -n "$(daemon_pids "$P3")" ] && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
  if [ -z "$(daemon_pids "$P3")" ]; then ok "and it is gone"; else not_ok "and it is gone"; fi
else
  for t in 1 2; do skip "no epmd binary"; done
fi

# ---- 4. the command line ----
"$REPL" --names >"$tmp/o" 2>&1; st=$?
if [ $st = 2 ] && grep -q "goes with --epmd" "$tmp/o"; then ok "--names without --epmd: status 2"
else not_ok "--names without --epmd: status 2" "$tmp/o"; fi
"$REPL" --epmd --epmd-port 70000 >"$tmp/o" 2>&1; st=$?
if [ $st = 2 ] && grep -q "port number from 1 to 65535, not '70000'" "$tmp/o"
then ok "a bad --epmd-port: one sentence, status 2"
else not_ok "a bad --epmd-port: one sentence, status 2" "$tmp/o"; fi
P4=$(free_port)
ERL_EPMD_PORT=$P4 "$REPL" --epmd --names >"$tmp/o" 2>&1; st=$?
if [ $st = 1 ] && grep -q "no epmd answers on port $P4" "$tmp/o"
then ok "ERL_EPMD_PORT is the port; no epmd there: one sentence, status 1"
else not_ok "ERL_EPMD_PORT is the port; no epmd there: one sentence, status 1" "$tmp/o"; fi

echo "1..$n"
[ "$failed" -eq 0 ]

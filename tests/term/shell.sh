#!/bin/sh
# tests/term/shell.sh: the interactive shell in a real terminal. $REPL runs
# under a private tmux server; keys go in with `tmux send-keys`, the screen
# comes back with `tmux capture-pane`. Each test gets a fresh shell (and a
# fresh HOME), so one failure does not hide the next. Every wait polls the
# screen every 50 ms for up to $TIMEOUT seconds; nothing waits blindly.
#   REPL=build/repl sh tests/term/shell.sh      (tests/exec sets REPL)
set -u

: "${REPL:?REPL must name the repl binary to test}"
case $REPL in /*) ;; *) REPL=$(pwd)/$REPL ;; esac
TIMEOUT=${TIMEOUT:-5}

if ! command -v tmux >/dev/null 2>&1; then
  echo "1..0 # SKIP tmux is not installed"; exit 0
fi
if [ ! -x "$REPL" ]; then
  echo "Bail out! no binary at $REPL"; exit 1
fi

unset TMUX TMUX_PANE
SOCK=repl-test-$$
TMP=$(mktemp -d)
CONF=$TMP/tmux.conf
cat >"$CONF" <<'EOF'
set -g remain-on-exit on
set -g status off
set -g history-limit 10000
set -g default-terminal screen
EOF

SOCK_PATH=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK   # tmux leaves it behind

cleanup() {
  tmux -L "$SOCK" kill-server >/dev/null 2>&1
  rm -f "$SOCK_PATH"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

PROMPT='^repl\(nonode@nohost\)[0-9]+>$'

# ---- tmux ----------------------------------------------------------------

tm() { tmux -L "$SOCK" -f "$CONF" "$@"; }
keys() { tm send-keys -t t "$@"; }           # keys by name: Enter, C-c, Tab
type_() { tm send-keys -t t -l -- "$1"; }    # literal text
pane() { tm display -p -t t "$1" 2>/dev/null; }
pane_dead() { [ "$(pane '#{pane_dead}')" = 1 ]; }
# tmux sees the pty close first and the exit status a moment later. With
# libutempter, tmux can miss the SIGCHLD for good if the child exits while
# utempter's own handler is in (tmux/tmux#311): then nudge our own server
# with a SIGCHLD so that it reaps the child and records its status.
pane_exited() {
  [ -n "$(pane '#{pane_dead_status}#{pane_dead_signal}')" ] && return 0
  pane_dead && kill -CHLD "$SERVER_PID" 2>/dev/null
  return 1
}
screen() { tm capture-pane -p -t t; }                 # the visible rows
scrollback() { tm capture-pane -p -S - -t t; }        # history + visible
nonblank() { sed '/^[[:space:]]*$/d'; }
trim() {    # drop trailing blank lines
  awk '{ l[NR] = $0; if ($0 != "") last = NR }
       END { for (i = 1; i <= last; i++) print l[i] }'
}

# The mark is the absolute line the cursor is on (1-based, counting the
# scrollback), taken before typing: since() is the screen from there on.
cursor_line() {
  set -- $(pane '#{history_size} #{cursor_y}')
  echo $(($1 + $2 + 1))
}
mark() { MARK=$(cursor_line); }
since() { scrollback | tail -n +"$MARK"; }
after_mark() { scrollback | tail -n +"$((MARK + 1))"; }

# ---- waiting ---------------------------------------------------------------

# poll CMD...: until CMD succeeds; every 50 ms, for at most $TIMEOUT s. A
# pane whose process has exited will not change any more: one last look,
# then give up.
poll() {
  _tries=$((TIMEOUT * 20))
  while ! "$@"; do
    if pane_exited; then "$@"; return; fi
    _tries=$((_tries - 1))
    [ "$_tries" -gt 0 ] || return 1
    sleep 0.05
  done
}

has_text() { since | grep -Fq -- "$1"; }
screen_last_is() { [ -n "$(screen | nonblank | tail -n 1 | grep -E -- "$1")" ]; }
after_last_is() { [ -n "$(after_mark | nonblank | tail -n 1 | grep -E -- "$1")" ]; }
cursor_moved() { [ "$(cursor_line)" -gt "$MARK" ]; }

state() {
  if pane_dead; then
    poll pane_exited
    _st=$(pane '#{pane_dead_status}') _sig=$(pane '#{pane_dead_signal}')
    echo "the shell is gone:${_st:+ exit status $_st}${_sig:+ killed by signal $_sig}"
  fi
}
wait_for() {   # TEXT: appears on screen after the mark
  poll has_text "$1" && return 0
  WHY="timed out waiting for: $1
$(state)"; return 1
}
wait_after() {   # RE: the last line after the mark line matches RE
  poll after_last_is "$1" && return 0
  WHY="timed out waiting for a line matching $1 below the input line
$(state)"; return 1
}
wait_last() {   # RE: the last line on screen matches RE
  poll screen_last_is "$1" && return 0
  WHY="timed out waiting for the last line to match $1
$(state)"; return 1
}

# run LINE: type LINE and Enter at the prompt, wait for the next prompt.
run() {
  mark
  type_ "$1"
  keys Enter
  wait_after "$PROMPT"
}

# expect WANT: the screen from the mark on is exactly WANT.
expect() {
  _got=$(since | trim)
  [ "$_got" = "$1" ] && return 0
  WHY="the screen from the input on:
$_got
expected:
$1"; return 1
}

# ---- sessions and TAP ------------------------------------------------------

n=0
SAN_HITS=
echo "1..14"

start_session() {
  HOMEDIR=$TMP/home$n
  mkdir -p "$HOMEDIR"
  tm kill-session -t t >/dev/null 2>&1
  tm new-session -d -s t -x 100 -y 30 -- \
    env HOME="$HOMEDIR" TERM=screen NO_COLOR=1 "$REPL" || {
    WHY="tmux could not start $REPL"; return 1; }
  SERVER_PID=$(tm display -p '#{pid}')
  SOCK_PATH=$(tm display -p '#{socket_path}')
  MARK=1
  wait_last "$PROMPT"
}

# Quit the shell if it is still there (Ctrl-C clears a half-typed line),
# then look for sanitizer reports anywhere in the pane's output.
finish_session() {
  if ! pane_dead; then
    keys C-c
    poll screen_last_is "$PROMPT" && keys C-d
  fi
  poll pane_exited
  _hits=$(scrollback | grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:')
  if [ -n "$_hits" ]; then
    SAN_HITS="$SAN_HITS
during test $n:
$_hits"
  fi
  tm kill-session -t t >/dev/null 2>&1
}

diag() { printf '%s\n' "$1" | sed 's/^/# /'; }

# check DESCRIPTION FN: FN runs in a fresh shell; it sets WHY on failure.
check() {
  n=$((n + 1))
  WHY=
  if start_session && "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    diag "$WHY"
    diag "---- the pane (blank lines left out) ----"
    diag "$(scrollback | nonblank | tail -n 30)"
  fi
  finish_session
}

# ---- the tests -----------------------------------------------------------

# The first screen: one banner line that says where help is, then the prompt.
t_prompt() {
  _first=$(screen | trim)
  [ "$(printf '%s\n' "$_first" | wc -l)" = 2 ] &&
  printf '%s\n' "$_first" | sed -n 1p | grep -Fq 'h() for help' &&
  [ "$(printf '%s\n' "$_first" | sed -n 1p | wc -c)" -le 81 ] &&
  [ "$(printf '%s\n' "$_first" | sed -n 2p)" = "repl(nonode@nohost)1>" ] || {
    WHY="the first screen is not a banner naming h() (at most 80 columns)
and then the prompt repl(nonode@nohost)1>"
    return 1; }
  run 'y = 1' && expect "repl(nonode@nohost)1> y = 1
repl(nonode@nohost)2>" &&
  run 'y + 1' && expect "repl(nonode@nohost)2> y + 1
2
repl(nonode@nohost)3>"
}

t_values() {
  run '1 + 1' && expect "repl(nonode@nohost)1> 1 + 1
2
repl(nonode@nohost)2>" &&
  run 'tuple(atom.ok, "x")' && expect "repl(nonode@nohost)2> tuple(atom.ok, \"x\")
{:ok, \"x\"}
repl(nonode@nohost)3>"
}

t_multiline() {
  run 'y = 0' || return 1
  mark; _start=$MARK
  type_ 'function f()'; keys Enter
  wait_after '^\.\.\.\(2\)>$' || return 1
  mark
  type_ 'return 42'; keys Enter
  wait_after '^\.\.\.\(2\)>$' || return 1
  mark
  type_ 'end'; keys Enter
  wait_after "$PROMPT" || return 1
  MARK=$_start
  expect "repl(nonode@nohost)2> function f()
...(2)> return 42
...(2)> end
repl(nonode@nohost)3>" &&
  run 'f()' && expect "repl(nonode@nohost)3> f()
42
repl(nonode@nohost)4>"
}

# Ctrl-C at the continuation prompt drops the half-typed chunk: the next
# prompt is a fresh one (same count, nothing ran), and what comes next is
# not glued to the dropped lines.
t_interrupt_chunk() {
  mark; _start=$MARK
  type_ 'function f()'; keys Enter
  wait_after '^\.\.\.\(1\)>$' || return 1
  keys C-c
  wait_after '^repl\(nonode@nohost\)1>$' || {
    WHY="Ctrl-C at ...(1)> did not give the prompt repl(nonode@nohost)1>
$WHY"; return 1; }
  run '1+1' || return 1
  MARK=$_start
  expect "repl(nonode@nohost)1> function f()
...(1)>
repl(nonode@nohost)1> 1+1
2
repl(nonode@nohost)2>" &&
  run 'f' && expect "repl(nonode@nohost)2> f
nil
repl(nonode@nohost)3>"
}

t_error() {
  run 'error("boom")' && expect "repl(nonode@nohost)1> error(\"boom\")
** (error) stdin:1: boom
repl(nonode@nohost)2>" &&
  run '20 + 3' && expect "repl(nonode@nohost)2> 20 + 3
23
repl(nonode@nohost)3>"
}

# interrupt CODE: start CODE, Ctrl-C once the shell is evaluating it (the
# line has been taken: the cursor left it), expect a message and a prompt.
interrupt() {
  mark
  type_ "$1"; keys Enter
  poll cursor_moved || { WHY="Enter did not take the line"; return 1; }
  keys C-c
  wait_after "$PROMPT" || return 1
  after_mark | sed '$d' | grep -qi interrupt || {
    WHY="no message about the interrupt between the input and the prompt"
    return 1; }
  run '1 + 1' && expect "repl(nonode@nohost)2> 1 + 1
2
repl(nonode@nohost)3>"
}
t_interrupt_receive() { interrupt 'receive()'; }
t_interrupt_loop() { interrupt 'while true do end'; }

# Ctrl-C while print waits for a group leader that never answers: print
# raises (caught here, so that the shell's own output has its terminal
# back), and the monitor print held on the group leader is gone.
t_interrupt_print() {
  run 'mute = spawn(function() while true do receive() end end)' || return 1
  mark
  type_ 'group_leader(mute, self()); r = {pcall(print, "lost")}; group_leader(nil, self())'
  keys Enter
  poll cursor_moved || { WHY="Enter did not take the line"; return 1; }
  keys C-c
  wait_after 'repl\(nonode@nohost\)3>$' || return 1     # after the ^C
  run 'r[2]' || return 1
  after_mark | sed -n 1p | grep -q interrupt || {
    WHY="print did not raise the interrupt: $(after_mark | sed -n 1p)"; return 1; }
  run '#process_info(self()).monitors' || return 1
  [ "$(after_mark | sed -n 1p)" = 0 ] || {
    WHY="the interrupted print left a monitor: $(after_mark | sed -n 1p)"; return 1; }
}

t_async() {
  run 'spawn(function() for i = 1, 3 do sleep(300); print("tick " .. i) end end)' ||
    return 1
  mark
  type_ 'x = 12'                   # no Enter: the line is half typed
  wait_for 'tick 3' || return 1
  wait_last '^repl\(nonode@nohost\)2> x = 12$' || return 1
  expect "tick 1
tick 2
tick 3
repl(nonode@nohost)2> x = 12" || return 1
  _row=$(cursor_line)                 # the cursor ends the half line
  _col=$(pane '#{cursor_x}')
  _line=$(scrollback | sed -n "${_row}p")
  [ "$_line" = "repl(nonode@nohost)2> x = 12" ] && [ "$_col" = 28 ] || {
    WHY="the cursor is not at the end of the half line: line '$_line', column $_col"
    return 1; }
  mark
  type_ '3'; keys Enter
  wait_after "$PROMPT" &&
  run 'x' && expect "repl(nonode@nohost)3> x
123
repl(nonode@nohost)4>"
}

t_flush() {
  run 'send(self(), "hello")' || return 1
  run 'flush()' || return 1
  after_mark | sed '$d' | grep -qx '"hello"' || {
    WHY="flush() did not show \"hello\""; return 1; }
  run 'flush()' || return 1
  ! after_mark | grep -q hello || {
    WHY="a second flush() showed \"hello\" again"; return 1; }
}

PID='^<0\.[0-9]+\.0>$'
t_shell_crash() {
  run 'self()' || return 1
  _old=$(after_mark | sed -n 1p)
  printf '%s\n' "$_old" | grep -Eq "$PID" || {
    WHY="self() did not show a pid: $_old"; return 1; }
  mark
  type_ 'link(spawn(function() error("bad") end))'; keys Enter
  wait_for 'shell process exited with reason:' || return 1
  wait_after "$PROMPT" || return 1
  since | grep -Eq '^\*\* process <0\.[0-9]+\.0> crashed: stdin:1: bad$' || {
    WHY="no crash report '** process <pid> crashed: stdin:1: bad'"; return 1; }
  since | grep -Fqx "** (EXIT from $_old) shell process exited with reason: stdin:1: bad" || {
    WHY="no line '** (EXIT from $_old) shell process exited with reason: stdin:1: bad'"
    return 1; }
  run 'self()' || return 1
  _new=$(after_mark | sed -n 1p)
  printf '%s\n' "$_new" | grep -Eq "$PID" || {
    WHY="self() did not show a pid afterwards: $_new"; return 1; }
  [ "$_new" != "$_old" ] || {
    WHY="self() is still $_old after the shell process died"; return 1; }
}

t_complete() {
  mark
  type_ 'string.up'
  wait_last '^repl\(nonode@nohost\)1> string\.up$' || return 1
  keys Tab
  wait_last '^repl\(nonode@nohost\)1> string\.upper' || return 1
}

t_quit() {
  run 'marker_a = 1' && run 'marker_b = "two"' || return 1
  keys C-d
  poll pane_exited || { WHY="the shell did not exit on Ctrl-D"; return 1; }
  _st=$(pane '#{pane_dead_status}')
  [ "$_st" = 0 ] || {
    WHY="exit status '$_st' (signal '$(pane '#{pane_dead_signal}')'), not 0"
    return 1; }
  _hist=$HOMEDIR/.repl_history
  [ -f "$_hist" ] || { WHY="no history file $_hist"; return 1; }
  # libedit writes spaces as \040
  for _l in 'marker_a = 1' 'marker_b = "two"'; do
    sed 's/\\040/ /g' "$_hist" | grep -Fqx -- "$_l" || {
      WHY="the history file lacks the line: $_l
$(cat "$_hist")"; return 1; }
  done
}

check "the prompt repl(nonode@nohost)N> counts inputs" t_prompt
check "an expression shows its value" t_values
check "multi-line input with a continuation prompt ...(N)>" t_multiline
check "Ctrl-C at ...(N)> drops the half-typed chunk" t_interrupt_chunk
check "an error is one line and the shell goes on" t_error
check "Ctrl-C interrupts a blocking receive()" t_interrupt_receive
check "Ctrl-C interrupts while true do end" t_interrupt_loop
check "Ctrl-C interrupts a print waiting for its group leader" t_interrupt_print
check "output from a process goes above a half-typed line" t_async
check "flush() shows the shell's messages" t_flush
check "a linked crash replaces the shell process" t_shell_crash
check "Tab completes string.up to string.upper" t_complete
check "Ctrl-D quits with status 0 and the history is saved" t_quit

n=$((n + 1))
if [ -z "$SAN_HITS" ]; then
  echo "ok $n - no sanitizer report on screen"
else
  echo "not ok $n - no sanitizer report on screen"
  diag "$SAN_HITS"
fi

#!/bin/sh
# tests/term/guided.sh: chapter 12's Drill 3 done as a learner does it, in
# two tmux panes. Each pane runs `repl --sname nodeN -i
# scripts/ch12/drill3_global_lock.lua`: the guide for that terminal, then
# the node's shell. The test reads node1's guide from its screen, types each
# step into the pane the guide names (typed keys, Enter, as a learner
# would), waits for that pane's next prompt, and checks what the step shows
# on the screen. Nodes run on this test's own epmd (tests/dist/lib.sh);
# every wait polls the screen, none sleeps blindly.
#   REPL=build/repl sh tests/term/guided.sh      (tests/exec sets REPL)
set -u
cd "$(dirname "$0")/../.." || exit 1
if ! command -v tmux >/dev/null 2>&1; then
  echo "1..0 # SKIP tmux is not installed"; exit 0
fi
. tests/dist/lib.sh
case $REPL in /*) ;; *) REPL=$(pwd)/$REPL ;; esac
DRILL=scripts/ch12/drill3_global_lock.lua
TIMEOUT=${TIMEOUT:-10}

unset TMUX TMUX_PANE
SOCK=repl-guided-$$
cat >"$tmp/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g status off
set -g history-limit 10000
set -g default-terminal screen
EOF
tm() { tmux -L "$SOCK" -f "$tmp/tmux.conf" "$@"; }
SOCK_PATH=
stop_tmux() {
  tm kill-server >/dev/null 2>&1
  [ -n "$SOCK_PATH" ] && rm -f "$SOCK_PATH"
}
trap 'stop_tmux; cleanup' EXIT

# ---- panes: node1 is g.0 (top), node2 is g.1 (bottom) ----

pane_of() { case $1 in node1) echo g.0 ;; node2) echo g.1 ;; *) echo "?" ;; esac; }
keys() { tm send-keys -t "$1" "$2"; }                 # a key by name
type_() { tm send-keys -t "$1" -l -- "$2"; }          # literal text
pane_fmt() { tm display -p -t "$1" "$2" 2>/dev/null; }
scrollback() { tm capture-pane -p -J -S - -t "$1"; }  # wrapped lines joined
nonblank() { sed '/^[[:space:]]*$/d'; }
# the absolute line of the cursor (1-based, counting the scrollback)
cursor_line() {
  set -- $(pane_fmt "$1" '#{history_size} #{cursor_y}')
  echo $(($1 + $2 + 1))
}

start_pane() {   # NODE: the learner's command for that terminal
  echo "env HOME=$HOME TERM=screen NO_COLOR=1 ERL_EPMD_PORT=$EPMD $REPL --sname $1 -i $DRILL"
}

# poll CMD...: until CMD succeeds, every 50 ms, for at most $TIMEOUT s.
poll() {
  _t=$((TIMEOUT * 20))
  while ! "$@"; do
    _t=$((_t - 1)); [ "$_t" -gt 0 ] || return 1
    sleep 0.05
  done
}
prompt_re() { echo "^repl\\($1@[^)]*\\)$2> *\$"; }
last_is() {      # PANE RE: the last non-blank line of the pane matches RE
  [ -n "$(scrollback "$1" | nonblank | tail -n 1 | grep -E -- "$2")" ]
}

# exited PANE: its process has ended and tmux has its status. With
# libutempter, tmux can miss the SIGCHLD (tmux/tmux#311, as
# tests/term/shell.sh says): a dead pane with no status gets the server
# nudged with a SIGCHLD.
exited() {
  [ -n "$(pane_fmt "$1" '#{pane_dead_status}#{pane_dead_signal}')" ] && return 0
  [ "$(pane_fmt "$1" '#{pane_dead}')" = 1 ] && kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null
  return 1
}

# step NODE CODE: types CODE (line by line) into NODE's pane and waits for
# its next prompt; RESULT is what the pane shows between the input and the
# new prompt (continuation prompts aside).
count1=1 count2=1
step() {
  p=$(pane_of "$1")
  eval "c=\$count${1#node}"
  mark=$(cursor_line "$p")
  printf '%s\n' "$2" | while IFS= read -r line; do type_ "$p" "$line"; keys "$p" Enter; done
  c=$((c + 1)); eval "count${1#node}=$c"
  if ! poll last_is "$p" "$(prompt_re "$1" "$c")"; then
    RESULT="(no prompt $c on $1)"; return 1
  fi
  RESULT=$(scrollback "$p" | tail -n +"$mark" | sed '1d;$d' | grep -v '^\.\.\.(' | nonblank)
}

# ---- the test ----

start_epmd
tm new-session -d -s g -x 150 -y 60 -c "$(pwd)" "$(start_pane node1)" ||
  { echo "Bail out! tmux could not start"; exit 1; }
SOCK_PATH=$(tm display -p '#{socket_path}')
tm split-window -v -t g -c "$(pwd)" "$(start_pane node2)"

if poll last_is g.0 "$(prompt_re node1 1)" && poll last_is g.1 "$(prompt_re node2 1)"; then
  ok "both terminals show the guide, then their node's prompt"
else
  not_ok "both terminals show the guide, then their node's prompt"
  scrollback g.0 | tail -n 20 | sed 's/^/#   node1: /'
  scrollback g.1 | tail -n 20 | sed 's/^/#   node2: /'
  finish
fi
scrollback g.0 >"$tmp/guide1.txt"
check "node1's guide says which terminal it is" "$tmp/guide1.txt" '^You are terminal node1\.' 0
check "node1's guide has the drill's title" "$tmp/guide1.txt" '^Chapter 12, Drill 3: the global lock$' 0
check_not "HOST is replaced by the host name" "$tmp/guide1.txt" '@HOST'
scrollback g.1 >"$tmp/guide2.txt"
check "node2's guide says which terminal it is" "$tmp/guide2.txt" '^You are terminal node2\.' 0

# What to type and where, from node1's guide: a "..., type:" line names the
# terminal (here (node1), or in terminal X), the indented lines below it are
# the code. One record per step: "NODE<TAB>code line\ncode line...", each
# ended by an ASCII record separator (octal 036).
awk -v me=node1 '
  function out() { if (code != "") printf "%s\t%s%c", where, code, 30; code = "" }
  / type:$/ {
    out()
    if (match($0, /terminal [a-z0-9_]+/)) where = substr($0, RSTART + 9, RLENGTH - 9)
    else where = me
    incode = 1; next }
  incode && /^     / { code = code (code == "" ? "" : "\n") substr($0, 6); next }
  { incode = 0 }
  END { out() }' "$tmp/guide1.txt" >"$tmp/steps"
targets=$(tr '\036' '\n' <"$tmp/steps" | grep -o '^node[0-9]*	' | tr -d '\t' | tr '\n' ' ')
if [ "$targets" = "node2 node1 node2 node2 node1 " ]; then
  ok "the guide lists five steps, node2 node1 node2 node2 node1"
else not_ok "the guide lists five steps, node2 node1 node2 node2 node1 (got: $targets)" "$tmp/guide1.txt"; fi

# what each step must show on its terminal, in order
want_1='^true$'
want_2='^true$'
want_3='^false, "boss is already registered to <[0-9]+\.[0-9]+\.[0-9]+>"$'
want_4='^<[0-9]+\.[0-9]+\.[0-9]+>$'
want_5='^"I surrender"$'
what_1="node2 connects to node1"
what_2="node1 registers its shell as boss"
what_3="node2 is refused the name, and told why"
what_4="global.send answers boss's pid"
what_5="node1's flush() shows the message"

i=0
while [ $i -lt 5 ]; do
  i=$((i + 1))
  rec=$(awk -v n=$i 'BEGIN { RS = "\036" } NR == n { printf "%s", $0 }' "$tmp/steps")
  node=${rec%%	*}; code=${rec#*	}
  eval "want=\$want_$i what=\$what_$i"
  if [ -z "$rec" ]; then not_ok "step $i: $what (no such step in the guide)"; continue; fi
  if step "$node" "$code" && printf '%s\n' "$RESULT" | grep -Eq -- "$want"; then
    ok "step $i on $node: $what"
  else
    not_ok "step $i on $node: $what ($node showed: $RESULT)"
    scrollback "$(pane_of "$node")" | nonblank | tail -n 8 | sed 's/^/#   /'
  fi
done

# Both learners quit; the panes end cleanly. Their screens go to files that
# finish checks for sanitizer reports.
for node in node1 node2; do
  p=$(pane_of "$node")
  type_ "$p" "q()"; keys "$p" Enter
  if poll exited "$p"; then
    st=$(pane_fmt "$p" '#{pane_dead_status}')
    if [ "$st" = 0 ]; then ok "$node quits with q(), status 0"
    else not_ok "$node quits with q(), status 0 (status $st)"; fi
  else not_ok "$node quits with q()"; fi
  scrollback "$p" >"$tmp/$node.out"
done

finish

#!/bin/sh
# The command line: --version, --help, a bad flag, -e, -i, scripts with
# arguments, exit statuses (a crash, halt), NO_COLOR/--no-color, that a
# script's processes keep the node alive until they end, and that SIGPIPE
# is ignored. Prints TAP.
# REPL names the binary (tests/exec sets it).
set -u
REPL=${REPL:-build/repl}
n=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check() {   # check NAME COMMAND-STATUS EXPECTED-STATUS OUTPUT-FILE PATTERN
  n=$((n + 1))
  if [ "$2" = "$3" ] && { [ -z "$5" ] || grep -q -- "$5" "$4"; }; then echo "ok $n - $1"
  else
    failed=$((failed + 1)); echo "not ok $n - $1"
    echo "#   status $2 (wanted $3); output:"; sed 's/^/#   /' "$4" | head -10
  fi
}

"$REPL" --version >"$tmp/o" 2>&1; check "--version names repl and Lua" $? 0 "$tmp/o" "^repl .*Lua 5.4"
"$REPL" --help >"$tmp/o" 2>&1; check "--help shows the usage" $? 0 "$tmp/o" "usage: repl"
"$REPL" --frobnicate >"$tmp/o" 2>&1
check "a bad flag: one sentence, status 2" $? 2 "$tmp/o" "unknown option '--frobnicate'; see repl --help"
"$REPL" -e >"$tmp/o" 2>&1; check "-e without code says so" $? 2 "$tmp/o" "-e needs code"
"$REPL" -e 'print(6 * 7)' >"$tmp/o" 2>&1; check "-e evaluates code" $? 0 "$tmp/o" "^42$"
"$REPL" -e 'error("nope")' >"$tmp/o" 2>&1
check "-e code that crashes: report, status 1" $? 1 "$tmp/o" "crashed: (command line):1: nope"
"$REPL" -e 'halt(3)' >"$tmp/o" 2>&1; check "halt(3) exits with status 3" $? 3 "$tmp/o" ""
"$REPL" -e 'print(' >"$tmp/o" 2>&1; check "a syntax error in -e: status 1" $? 1 "$tmp/o" "repl: "

cat >"$tmp/args.lua" <<'LUA'
print("args: " .. table.concat(arg, ",") .. " script=" .. arg[0])
LUA
"$REPL" "$tmp/args.lua" a b c >"$tmp/o" 2>&1
check "a script gets its arguments in arg" $? 0 "$tmp/o" "args: a,b,c script=$tmp/args.lua"
"$REPL" "$tmp/missing.lua" >"$tmp/o" 2>&1
check "a missing script: one sentence, status 1" $? 1 "$tmp/o" "cannot open $tmp/missing.lua"

cat >"$tmp/alive.lua" <<'LUA'
spawn(function() sleep(200); print("child finished") end)
print("script body done")
LUA
"$REPL" "$tmp/alive.lua" >"$tmp/o" 2>&1
check "a script's processes keep the node alive until they end" $? 0 "$tmp/o" "child finished"

printf 'print("from stdin")\nq()\n' | "$REPL" -e 'x = 5' -i >"$tmp/o" 2>&1
check "-i stays interactive after -e" $? 0 "$tmp/o" "from stdin"
printf 'x\n' | "$REPL" -e 'x = 5' -i >"$tmp/o" 2>&1
check "-i keeps what -e defined" $? 0 "$tmp/o" "^5$"

printf 'tuple(atom.ok, "x")\n' | "$REPL" >"$tmp/o" 2>&1
check "results print iex-style" $? 0 "$tmp/o" '^{:ok, "x"}$'
printf '1 + 1\n' | "$REPL" >"$tmp/o" 2>&1
[ "$(cat "$tmp/o")" = 2 ]; check "piped, the shell prints no banner: only what was asked" $? 0 "$tmp/o" ""

# Elixir typed at the prompt: the Lua spelling first, Lua's error kept on one
# line below it; a shell command typed there is not run as Lua (it would be
# the global iex and a comment: nil); a misspelt global gets the closest name.
printf 'Node.connect(:"b@h")\nNode.self()\niex --sname a\nslef()\n' | "$REPL" >"$tmp/o" 2>&1
sed -n 1,2p "$tmp/o" >"$tmp/o1"; sed -n 3,4p "$tmp/o" >"$tmp/o2"
sed -n 5p "$tmp/o" >"$tmp/o3"; sed -n 6,7p "$tmp/o" >"$tmp/o4"
check "Elixir that Lua cannot parse: a hint with the Lua spelling" 0 0 "$tmp/o1" '^\*\* (hint) in Lua: node.connect("b@h")$'
check "... and Lua's syntax error on the line below" 0 0 "$tmp/o1" "^\*\* (syntax error) stdin:1: unexpected symbol near ':'$"
check "Elixir that Lua runs and fails: a hint, then the error" 0 0 "$tmp/o2" '^\*\* (hint) in Lua: node.self()$'
check "... the error kept" 0 0 "$tmp/o2" "^\*\* (error) stdin:1: attempt to index a nil value (global 'Node')$"
check "a shell command at the prompt: what does that here" 0 0 "$tmp/o3" '^\*\* (hint) a command for the system.s shell.*: node.start("a")$'
check "a misspelt global: the closest name" 0 0 "$tmp/o4" '^\*\* (hint) did you mean self()?$'
[ "$(wc -l <"$tmp/o")" = 7 ]; check "one or two lines each, nothing else" $? 0 "$tmp/o" ""

"$REPL" -e 'inspect(nil, tuple(atom.badrpc, atom.nodedown))' >"$tmp/o" 2>&1
check "inspect of a failed call's two values prints both" $? 0 "$tmp/o" '^nil, {:badrpc, :nodedown}$'
"$REPL" -e 'print(inspect({1, 2}, {width = 40}) ~= nil)' >"$tmp/o" 2>&1
check "inspect(v, opts) takes the printer's options" $? 0 "$tmp/o" '^true$'

# Colours come only on a terminal: script(1) gives the node one. Each case
# says whether inspect(atom.ok) wrote an escape code.
colours() {   # colours ENV-ASSIGNMENT-OR-EMPTY REPL-FLAGS...
  pre=$1; shift
  env $pre script -qec "$REPL $* -e 'inspect(atom.ok)'" /dev/null >"$tmp/c" 2>&1
  if grep -q "$(printf '\033')" "$tmp/c"; then echo yes; else echo no; fi >"$tmp/e"
}
colours "" ; check "on a terminal, results are coloured" 0 0 "$tmp/e" "^yes$"
colours "NO_COLOR=1"; check "NO_COLOR=1 turns the colours off" 0 0 "$tmp/e" "^no$"
colours "" --no-color; check "--no-color turns the colours off" 0 0 "$tmp/e" "^no$"
printf 'atom.ok\n' | "$REPL" >"$tmp/o" 2>&1
if grep -q "$(printf '\033')" "$tmp/o"; then echo yes; else echo no; fi >"$tmp/e"
check "piped, results are not coloured" 0 0 "$tmp/e" "^no$"

# SIGPIPE is ignored (its bit, 1 << 12, in /proc's SigIgn mask): a write to
# a socket whose other end is gone must be an error for that connection,
# not a silent death of the node (it killed a peer whose connection was
# cut in the middle of its handshake). The same on the reading end of a
# closed pipe: the script goes on to its end, as on the BEAM.
"$REPL" -e 'local m = io.open("/proc/self/status"):read("a"):match("SigIgn:%s*(%x+)")
print("pipe ignored", (tonumber(m, 16) >> 12) & 1 == 1)' >"$tmp/o" 2>&1
check "the node ignores SIGPIPE" $? 0 "$tmp/o" "^pipe ignored	true$"
"$REPL" -e 'for i = 1, 20000 do print(i) end io.stderr:write("went on\n")' 2>"$tmp/o" | head -1 >/dev/null
check "output into a closed pipe does not end the script" 0 0 "$tmp/o" "^went on$"

echo "1..$n"
[ "$failed" -eq 0 ]

#!/bin/sh
# The kata grader itself (repl --check, --hint, --watch) on one-node
# fixture katas made here: exit statuses, expected/got/hint lines, a syntax
# error and a runtime error in the learner's file, an endless loop and a
# receive that never returns (timeouts), halt() refused, --hint, grading a
# folder (progress bar, "N of M done", next kata), bad arguments, colours,
# and watch mode (a save re-grades; the watcher is killed by pid).
# Prints TAP. REPL names the binary (tests/exec sets it).
set -u
REPL=$(cd "$(dirname "${REPL:-build/repl}")" && pwd)/$(basename "${REPL:-build/repl}")
n=0; failed=0
tmp=$(mktemp -d); watcher=""
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

check() {   # check NAME COMMAND-STATUS EXPECTED-STATUS OUTPUT-FILE PATTERN...
  name=$1 st=$2 want=$3 out=$4; shift 4
  good=1
  [ "$st" = "$want" ] || good=0
  for p in "$@"; do grep -q -- "$p" "$out" || { good=0; echo "#   no line matches: $p"; }; done
  n=$((n + 1))
  if [ $good = 1 ]; then echo "ok $n - $name"
  else
    failed=$((failed + 1)); echo "not ok $n - $name"
    echo "#   status $st (wanted $want); output:"; sed 's/^/#   /' "$out" | head -20
  fi
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }

mkdir -p katas/checks
cat >katas/checks/01_add.lua <<'LUA'
return {
  title = "adding",
  hint = "The whole kata is one line.",
  checks = {
    { name = "add(1, 2) is 3", hint = "return a + b",
      run = function(k) return k.same(k.call("add", 1, 2), 3) end },
    { name = "add works in another process", hint = "a global function is seen by every process",
      run = function(k)
        local me = self()
        spawn(function() send(me, add(20, 22)) end)
        local got = receive(300)
        return got == 42, 42, got
      end },
  },
}
LUA
cp katas/checks/01_add.lua katas/checks/02_twice.lua
sed -i 's/adding/twice/' katas/checks/02_twice.lua
printf 'function add(a, b)\n  -- TODO\nend\n' >katas/01_add.lua
printf 'function add(a, b) return a + b end\n' >katas/02_twice.lua
printf 'function add(a, b) return a + b end\n' >good.lua
mkdir -p checks && cp katas/checks/01_add.lua checks/good.lua

"$REPL" --check good.lua >o 2>&1
check "a passing kata: PASS lines, status 0" $? 0 o "PASS  add(1, 2) is 3" "2 of 2 checks passed: kata done"
"$REPL" --check katas/01_add.lua >o 2>&1
check "a failing kata: FAIL with expected, got and hint, status 1" $? 1 o \
  "FAIL  add(1, 2) is 3" "expected: 3" "got:      nil" "hint:     return a + b" "0 of 2 checks passed"

for f in syntax runtime loop wait halt nofun; do cp checks/good.lua "checks/$f.lua"; done
printf 'function add(a, b) return a + end\n' >syntax.lua
"$REPL" --check syntax.lua >o 2>&1
check "a syntax error: one failed check with Lua's message, status 1" $? 1 o \
  "FAIL  the kata file loads" "syntax.lua:1: unexpected symbol near 'end'" "0 of 2 checks passed"
printf 'function add(a, b) return a + b end\nerror("broken at the top")\n' >runtime.lua
"$REPL" --check runtime.lua >o 2>&1
check "a runtime error while loading: a failed check with the message" $? 1 o \
  "FAIL  the kata file loads" "runtime.lua:2: broken at the top"
printf 'function add(a, b) while true do end end\n' >loop.lua
t0=$(ms); "$REPL" --check loop.lua >o 2>&1; st=$?; took=$(( $(ms) - t0 ))
check "an endless loop fails its check on the timeout, the grader goes on" $st 1 o \
  "FAIL  add(1, 2) is 3" "no answer within 1000 ms" "FAIL  add works in another process"
[ $took -lt 8000 ] && echo "ok $((n = n + 1)) - the endless loop costs one timeout (${took} ms)" ||
  { failed=$((failed + 1)); echo "not ok $((n = n + 1)) - the endless loop costs one timeout (${took} ms)"; }
printf 'function add(a, b) return receive() end\n' >wait.lua
"$REPL" --check wait.lua >o 2>&1
check "a receive that nothing answers fails on the timeout" $? 1 o "no answer within 1000 ms"
printf 'function add(a, b) halt(0) end\n' >halt.lua
"$REPL" --check halt.lua >o 2>&1
check "halt() in a kata is refused, the grader reports and exits 1" $? 1 o \
  "a kata does not call halt() or q()" "0 of 2 checks passed"
printf 'x = 1\n' >nofun.lua
"$REPL" --check nofun.lua >o 2>&1
check "a function the kata does not define: said so" $? 1 o \
  "add is not defined: the kata must define the global function add"

printf 'return {checks = {{name = "raises", expected = "a table", run = function(k) error("oops in the check", 0) end}}}\n' >checks/raises.lua
cp good.lua raises.lua
"$REPL" --check raises.lua >o 2>&1
check "an error in a check fails it, showing the error and the check's expected" $? 1 o \
  "FAIL  raises" "expected: a table" "got:      error: oops in the check"

"$REPL" --hint katas/01_add.lua >o 2>&1
check "--hint shows the kata's hint and each check's, status 0" $? 0 o \
  "^01_add: adding" "The whole kata is one line." "1. add(1, 2) is 3" "hint: return a + b"

"$REPL" --check >o 2>&1
check "no files: each kata, a bar, N of M done, the next kata, status 1" $? 1 o \
  "FAIL  01_add: adding  0 of 2 checks passed" "PASS  02_twice: twice  2 of 2 checks passed" \
  "^\[##########----------\] 1 of 2 done" "^next: 01_add  (repl --check katas/01_add.lua)"
cp good.lua katas/01_add.lua
"$REPL" --check katas >o 2>&1
check "a folder where every kata passes: 2 of 2 done, status 0" $? 0 o \
  "^\[####################\] 2 of 2 done" "all katas done"
"$REPL" --check katas/01_add.lua katas/02_twice.lua >o 2>&1
check "several files: each in detail, then the summary" $? 0 o \
  "PASS  add works in another process" "^01_add: adding" "^02_twice: twice" "2 of 2 done"

mkdir empty && (cd empty && "$REPL" --check) >o 2>&1
check "no katas folder here: one sentence, status 2" $? 2 o "no katas folder here"
"$REPL" --check missing.lua >o 2>&1
check "a missing kata file: one sentence, status 2" $? 2 o "no such kata file or folder: missing.lua"
printf 'x = 1\n' >lonely.lua
"$REPL" --check lonely.lua >o 2>&1
check "a kata without checks: says where it looked, status 2" $? 2 o "no checks for lonely.lua: looked for ./checks/lonely.lua"
printf 'return {checks = {{name = "no run"}}}\n' >checks/badspec.lua; cp good.lua badspec.lua
"$REPL" --check badspec.lua >o 2>&1
check "a malformed check file: one sentence, status 2" $? 2 o "check 1 needs a name (a string) and run (a function)"
"$REPL" --check --frob good.lua >o 2>&1
check "an unknown option after --check: status 2" $? 2 o "unknown option '--frob' for --check"
"$REPL" --hint >o 2>&1
check "--hint without a file: status 2" $? 2 o "--hint takes one kata file"

# hints in steps: a failure shows the nudge and where more is; --hint N
# shows the steps up to N, and says how to get the next
cat >checks/steps.lua <<'LUA'
return {
  title = "steps",
  checks = {
    { name = "add(1, 2) is 3", hint = {"think of +", "return a + b, not a - b", "function add(a, b) return a + b end"},
      run = function(k) return k.same(k.call("add", 1, 2), 3) end },
  },
}
LUA
printf 'function add(a, b) return a - b end\n' >steps.lua
"$REPL" --check steps.lua >o 2>&1
check "a failed check shows the first step of its hint, and where more is" $? 1 o \
  "hint:     think of +  (more: repl --hint steps.lua 2)"
grep -q "return a + b, not" o; check "...and not the later steps" $? 1 o ""
"$REPL" --hint steps.lua >o 2>&1
check "--hint gives the nudges and says how to get step 2" $? 0 o "hint: think of +" "more: repl --hint steps.lua 2"
grep -q "function add" o; check "...not the answer" $? 1 o ""
"$REPL" --hint steps.lua 2 >o 2>&1
check "--hint FILE 2: the first two steps" $? 0 o "hint: think of +" "step 2: return a + b, not a - b" "more: repl --hint steps.lua 3"
"$REPL" --hint steps.lua 3 >o 2>&1
check "--hint FILE 3: the last step, and no more to ask" $? 0 o "step 3: function add(a, b) return a + b end"
grep -q "more:" o; check "...says no more" $? 1 o ""
printf 'return {checks = {{name = "x", hint = {1, 2}, run = function() return true end}}}\n' >checks/badhint.lua
cp good.lua badhint.lua
"$REPL" --check badhint.lua >o 2>&1
check "a hint that is no string nor list of strings: one sentence, status 2" $? 2 o "check 1's hint is a string or a list of strings"

# a second try named NAME.anything.lua is graded by NAME's checks
cp good.lua good.second_try.lua
"$REPL" --check good.second_try.lua >o 2>&1
check "NAME.SLUG.lua is graded by checks/NAME.lua" $? 0 o "2 of 2 checks passed: kata done"

# the checks run in a fresh, empty folder of their own, removed afterwards;
# the learner's file is loaded (and writes) there
cat >checks/folder.lua <<'LUA'
return {
  checks = {
    { name = "in a fresh folder", run = function(k)
        local here = _check.cwd()
        if here ~= k.dir() then return false, k.dir(), here end
        if here == _check.realpath(os.getenv("START")) then return false, "another folder", here end
        local f = io.open(k.dir() .. "/loaded.txt")
        if not f then return false, "loaded.txt written there by the kata", "none" end
        f:close()
        print("FOLDER " .. here)
        return true
      end },
  },
}
LUA
printf 'local f = io.open("loaded.txt", "w"); f:write("x"); f:close()\n' >folder.lua
START=$(pwd) "$REPL" --check folder.lua >o 2>&1
check "the kata is loaded and checked in a folder of its own" $? 0 o "PASS  in a fresh folder"
d=$(sed -n 's/^FOLDER //p' o)
[ -n "$d" ] && [ ! -e "$d" ] && [ ! -e loaded.txt ]
check "...which is gone afterwards, and nothing was written here" $? 0 o ""

# colours: only on a terminal (script(1) gives one), never with NO_COLOR
# or --no-color
esc=$(printf '\033')
script -qec "$REPL --check good.lua" /dev/null >o 2>&1
grep -q "$esc" o; check "on a terminal, PASS is coloured" $? 0 o ""
script -qec "$REPL --no-color --check good.lua" /dev/null >o 2>&1
grep -q "$esc" o; check "--no-color: no colours" $? 1 o ""
NO_COLOR=1 script -qec "$REPL --check good.lua" /dev/null >o 2>&1
grep -q "$esc" o; check "NO_COLOR=1: no colours" $? 1 o ""

# watch: a first run, then a save (written, then renamed over, as editors
# do) re-grades; the watcher is killed by its pid
wait_for() {   # wait_for FILE PATTERN: up to 10 s
  i=0
  while [ $i -lt 200 ]; do grep -q -- "$2" "$1" && return 0; i=$((i + 1)); sleep 0.05; done
  return 1
}
printf 'function add(a, b)\nend\n' >w.lua; cp checks/good.lua checks/w.lua
"$REPL" --watch w.lua >wo 2>&1 &
watcher=$!
wait_for wo "watching w.lua"
check "--watch grades once at the start" 0 0 wo "0 of 2 checks passed" "watching w.lua: save it to check again"
printf 'function add(a, b) return a + b end\n' >w.tmp && mv w.tmp w.lua
wait_for wo "2 of 2 checks passed: kata done"
check "a save re-grades the kata" 0 0 wo "2 of 2 checks passed: kata done"
printf 'function add(a, b) return a - b end\n' >>w.lua
wait_for wo "FAIL  add(1, 2) is 3"
check "each save re-grades (an append too)" 0 0 wo "expected: 3"
wpid=$watcher
kill "$wpid"; wait "$wpid" 2>/dev/null; watcher=""
kill -0 "$wpid" 2>/dev/null; st=$?
check "the watcher, killed by its pid, is gone" $st 1 wo ""
if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" o wo 2>/dev/null; then
  failed=$((failed + 1)); echo "not ok $((n = n + 1)) - no sanitizer report"
else echo "ok $((n = n + 1)) - no sanitizer report"; fi
echo "1..$n"
[ "$failed" -eq 0 ]

#!/bin/sh
# tests/katas/proof.sh: every kata's checks proven both ways. For each
# katas/NAME.lua: repl --check on it as shipped must exit 1 and show a
# failed check; on the reference solution tests/katas/NAME.lua it must exit
# 0; each graded in under 3 s (the plain build; the sanitized one is only
# timed). Then the whole folder of reference solutions: "N of N done",
# exit 0, under 30 s. Then the wrong solutions (tests/katas/wrong/): each
# must fail, and fail the very checks its header names. Prints TAP; its own
# epmd (tests/dist/lib.sh).
#
# A wrong solution is tests/katas/wrong/NAME.SLUG.lua (graded by NAME's
# checks), a realistic misconception, opening with
#   -- wrong: what the learner believed, in one line
#   -- fails: the exact name of a check that must fail for it
# (one "fails:" line per check; at least one). Every kata has at least
# three. Graded on the plain build only, PROOF_JOBS (3) at a time: the
# sanitized build grades the shipped katas and the references above.
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh
start_epmd

case ${REPL_BUILD:-$REPL} in *san*) strict=0 ;; *) strict=1 ;; esac

# grade ID FILE: repl --check FILE, output in $tmp/ID.out; status in
# $status, milliseconds in $took.
grade() {
  t0=$(ms)
  timeout 60 "$REPL" --epmd-port "$EPMD" --check "$2" </dev/null >"$tmp/$1.out" 2>&1
  status=$?
  took=$(( $(ms) - t0 ))
}

# fast NAME LIMIT-MS: under the limit (enforced on the plain build only).
fast() {
  if [ "$took" -lt "$2" ] || [ "$strict" = 0 ]; then ok "$1 (${took} ms)"
  else not_ok "$1 took ${took} ms (limit $2)"; fi
}

# KATAS="10_remote_work 11_distributed_counter": prove only those (while
# writing a kata); the folder-wide run at the end is then skipped.
only() { [ -z "${KATAS:-}" ] || case " $KATAS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

count=0
for kata in katas/*.lua; do
  name=$(basename "$kata" .lua)
  only "$name" || continue
  count=$((count + 1))
  grade "$name.shipped" "$kata"
  if [ "$status" = 1 ] && grep -q "FAIL" "$tmp/$name.shipped.out"; then
    ok "$name as shipped fails its checks"
  else not_ok "$name as shipped fails its checks (status $status)" "$tmp/$name.shipped.out"; fi
  fast "$name as shipped is graded in under 3 s" 3000
  ref=tests/katas/$name.lua
  if [ ! -f "$ref" ]; then not_ok "$name has a reference solution ($ref is missing)"; continue; fi
  grade "$name.ref" "$ref"
  if [ "$status" = 0 ] && ! grep -q "FAIL" "$tmp/$name.ref.out"; then
    ok "$name's reference solution passes every check"
  else not_ok "$name's reference solution passes every check (status $status)" "$tmp/$name.ref.out"; fi
  fast "$name's reference solution is graded in under 3 s" 3000
done
[ "$count" -gt 0 ] || not_ok "katas/ holds katas"

# header FILE KEY: the text after "-- KEY: " on each such line of FILE
header() { sed -n "s/^-- $2: //p" "$1"; }

# The wrong solutions are graded JOBS at a time (each grading mostly
# waits: on peers, pauses and timeouts), each into $tmp/ID.out and its
# exit status into $tmp/ID.status; then judged in order.
JOBS=${PROOF_JOBS:-3}
wrong_id() { echo "wrong.$(basename "$1" .lua)"; }
grade_bg() {
  timeout 60 "$REPL" --epmd-port "$EPMD" --check "$2" </dev/null >"$tmp/$1.out" 2>&1
  echo $? >"$tmp/$1.status"
}

# wrong FILE: it says what it gets wrong and which checks must fail; its
# grading exited 1 and each of those checks failed
wrong() {
  id=$(wrong_id "$1")
  what=$(header "$1" wrong | head -1)
  [ -n "$what" ] || { not_ok "$1 says what it gets wrong (a '-- wrong:' line)"; return; }
  header "$1" fails >"$tmp/$id.fails"
  [ -s "$tmp/$id.fails" ] || { not_ok "$1 names the checks it must fail ('-- fails:' lines)"; return; }
  status=$(cat "$tmp/$id.status" 2>/dev/null || echo "none")
  missing=""
  while IFS= read -r check; do
    grep -Fxq "  FAIL  $check" "$tmp/$id.out" || missing="$missing [$check]"
  done <"$tmp/$id.fails"
  if [ "$status" = 1 ] && [ -z "$missing" ]; then ok "$1 ($what) fails as it must"
  else not_ok "$1 ($what) fails the checks it names (status $status; did not fail:$missing)" "$tmp/$id.out"; fi
}

if [ "$strict" = 1 ]; then
  for kata in katas/*.lua; do
    name=$(basename "$kata" .lua)
    only "$name" || continue
    set -- tests/katas/wrong/"$name".*.lua
    [ -e "$1" ] || set --
    if [ $# -ge 3 ]; then ok "$name has $# wrong solutions"
    else not_ok "$name has at least three wrong solutions in tests/katas/wrong/ (it has $#)"; fi
  done
  todo=""
  for f in tests/katas/wrong/*.lua; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .lua); name=${name%%.*}
    only "$name" || continue
    if [ -f "katas/$name.lua" ]; then todo="$todo $f"
    else not_ok "$f is named after a kata (no katas/$name.lua)"; fi
  done
  # wait for these pids only: a bare wait would wait for our epmd too
  batch=""; running=0
  for f in $todo; do
    grade_bg "$(wrong_id "$f")" "$f" &
    batch="$batch $!"; running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait $batch; batch=""; running=0; fi
  done
  [ -z "$batch" ] || wait $batch
  for f in $todo; do wrong "$f"; done
fi

[ -z "${KATAS:-}" ] || finish
grade all tests/katas
if [ "$status" = 0 ] && grep -Eq "^\[#+\] ([0-9]+) of \1 done" "$tmp/all.out"; then
  ok "all reference solutions at once: N of N done"
else not_ok "all reference solutions at once: N of N done (status $status)" "$tmp/all.out"; fi
fast "all reference solutions are graded in under 30 s" 30000
finish

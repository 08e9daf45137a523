#!/bin/sh
# tests/katas/coverage.sh: katas/README.md's coverage table ("| seed |
# section | files |") names only files that exist. Also proves that the
# test can fail: a table naming a missing file is caught. Prints TAP.
cd "$(dirname "$0")/../.." || exit 1
n=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# files_of README: the paths in the files column of its coverage table,
# one a line (backquotes dropped; several per cell split on , and space).
files_of() {
  awk -F'|' '
    /^\| *seed *\| *section *\| *files *\|/ { inside = 1; next }
    inside && !/^\|/ { inside = 0 }
    inside && $4 !~ /^ *-+ *$/ { print $4 }' "$1" |
    tr -d '`' | tr ', ' '\n\n' | grep -v '^$'
}

# missing README: the listed files that do not exist; true when none.
missing() {
  files_of "$1" >"$tmp/list"
  : >"$tmp/missing"
  while read -r f; do [ -e "$f" ] || echo "$f" >>"$tmp/missing"; done <"$tmp/list"
  [ ! -s "$tmp/missing" ]
}

check() {   # check NAME STATUS(0 = ok)
  n=$((n + 1))
  if [ "$2" = 0 ]; then echo "ok $n - $1"
  else failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$tmp/missing"; fi
}

files_of katas/README.md >"$tmp/all"
[ -s "$tmp/all" ]; st=$?; : >"$tmp/missing"
check "katas/README.md has a coverage table that names files" $st
missing katas/README.md; check "every file in katas/README.md's coverage table exists" $?

printf '| seed | section | files |\n|---|---|---|\n| 004 | Drill 9 | `katas/01_connecting_nodes.lua`, `katas/99_no_such_kata.lua` |\n' >"$tmp/R.md"
if missing "$tmp/R.md"; then st=1; else grep -qx "katas/99_no_such_kata.lua" "$tmp/missing"; st=$?; fi
: >"$tmp/missing"; check "a table naming a missing file is caught" $st

echo "1..$n"
[ "$failed" -eq 0 ]

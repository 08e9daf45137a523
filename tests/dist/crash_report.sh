#!/bin/sh
# tests/dist/crash_report.sh: the crash report of a process spawned from
# another node is shown on the terminal of its group leader's node (the
# spawner's), naming the node it ran on and the pid as the spawner shows
# it, as erl shows "Error in process <8944.88.0> on node b@h" there; the
# node it ran on shows nothing. As in erl, it goes to that node's terminal
# even when the spawner's group leader is a process capturing output (erl's
# logger prints it, not the group leader). A process that crashes on its
# own node reports there, as before.
#   REPL=build/repl sh tests/dist/crash_report.sh      (tests/exec sets REPL)
cd "$(dirname "$0")/../.." || exit 1
. tests/dist/lib.sh

start_epmd
start_node b --sname crb -e 'register("sh", self()); spawn(function() error("boom-local") end); while true do print("got", receive()) end'
wait_registered crb || { not_ok "crb registered" "$tmp/b.out"; finish; }

cat >"$tmp/a.lua" <<EOF
$PRELUDE
local b = "crb@$HOST"
local function crash_on_b(text)          -- spawned from here; its DOWN
  local pid = node.spawn(b, function(t) receive(); error(t) end, text)
  local ref = monitor(pid)
  send(pid, "go")
  wait_msg(T(A.DOWN, ref, ANY, ANY, ANY), 5000, "the DOWN")
  return pid
end
say("remote pid:", tostring(crash_on_b("boom-remote")))
-- spawned with a group leader that captures output
local me = self()
local cap = spawn(function()
  while true do
    local m = receive()
    send(me, T("captured", m[4][3]))
    send(m[2], T(A.io_reply, m[3], A.ok))
  end
end)
local old = group_leader()
group_leader(cap, self())
crash_on_b("boom-captured")
group_leader(old, self())
while true do
  local m = receive(T("captured", ANY), 300)
  if not m then break end
  say("captured:", m[2])
end
-- a process with a this-node group leader that crashes reports here
spawn(function() error("boom-here") end)
sleep(100)
send(T("sh", b), "b-marker")            -- b prints it after the crashes
say("done")
EOF
start_node a --sname cra "$tmp/a.lua"
wait_exit "$pid_a" 20
pid=$(sed -n 's/^remote pid: //p' "$tmp/a.out")
check "a remote crash is reported on the spawner's terminal, with the node it ran on" "$tmp/a.out" "^\*\* process .* on crb@$HOST crashed: .*boom-remote"
check "and the pid as the spawner shows it" "$tmp/a.out" "^\*\* process ${pid:-none} on crb@$HOST crashed: .*boom-remote"
check "on its terminal even when its group leader captures output" "$tmp/a.out" "^\*\* process .* on crb@$HOST crashed: .*boom-captured"
check_not "which does not get it" "$tmp/a.out" '^captured:.*crashed'
check "a local crash is reported where it ran, as before" "$tmp/a.out" '^\*\* process <[0-9.]+> crashed: .*boom-here'
wait_for "$tmp/b.out" 'b-marker' || not_ok "b got the marker" "$tmp/b.out"
check_not "the node it ran on shows nothing of it" "$tmp/b.out" 'boom-remote|boom-captured'
check "but reports its own crashes" "$tmp/b.out" '^\*\* process <[0-9.]+> crashed: .*boom-local'
finish

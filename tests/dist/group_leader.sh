#!/bin/sh
# Group leaders across nodes, as erl has them: group_leader(gl, pid) with a
# pid of another node sets that process's group leader there (a GROUP_LEADER
# signal) and returns true, and nil means "this terminal"; print through a
# group leader that is gone fails with a sentence naming it instead of
# waiting: one that died (its reason), one that was dead already (noproc),
# one whose node is killed while print waits (noconnection), and one on a
# node that is gone. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=g$$a; b=g$$b
A=$a@$HOST

# a: "printer" prints each {print, text} and answers printed; "dying" is a
# group leader that dies (boom) at its first io request; "mute" one that
# never answers; {dead, from} -> {deadpid, pid} of a process that ended.
lua a.lua <<'EOF'
register("printer", spawn(function()
  while true do
    local m = receive()
    print(m[2])
    send(m[3], A.printed)
  end
end))
register("dying", spawn(function() receive(); exit("boom") end))
register("mute", spawn(function() while true do receive() end end))
register("dead", spawn(function()
  while true do
    local m = receive()
    local p, ref = spawn_monitor(function() end)
    receive(T(A.DOWN, ref, ANY, ANY, ANY))
    send(m, T(A.deadpid, p))
  end
end))
say("ready")
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/a.lua"
wait_for "$tmp/a.out" "^ready" || true

lua b.lua <<'EOF'
local peer = arg[1]
local function dead_pid()
  send(T("dead", peer), self())
  local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == A.deadpid end, 10000, "a dead pid")
  return m and m[2]
end
local dead = dead_pid()
local function whereis_at(name)
  local me = self()
  node.spawn(peer, function(n, back) send(back, T("at", n, whereis(n))) end, name, me)
  local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == "at" and m[2] == name end, 10000, name)
  return m and m[3]
end
local printer, dying, mute = whereis_at("printer"), whereis_at("dying"), whereis_at("mute")

-- a sink here that keeps what is put to it
local sink = spawn(function()
  local text = {}
  while true do
    local m = receive()
    if m[1] == A.io_request then
      text[#text + 1] = m[4][3]
      send(m[2], T(A.io_reply, m[3], A.ok))
    else send(m[2], table.concat(text)) end
  end
end)
local function print_there(text)
  send(printer, T(A.print, text, self()))
  return wait_msg(function(m) return m == A.printed end, 10000, "printed")
end

-- setting the group leader of a process of a
say("set-remote", group_leader(sink, printer))
print_there("to-the-sink")
send(sink, T("text?", self()))
say("sink-has", receive(5000))
say("set-terminal", group_leader(nil, printer))
print_there("to-b-terminal")

-- print through a group leader that is gone
local function try(gl)
  local me = self()
  spawn(function()
    group_leader(gl, self())
    local ok, err = pcall(print, "lost")
    send(me, T("tried", ok, err))
  end)
  local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == "tried" end, 10000, "print's end")
  return m and (m[2] and "returned" or m[3])
end
say("dies:", try(dying))
say("dead:", try(dead))
local me = self()
spawn(function()
  group_leader(mute, self())
  send(me, "waiting")
  local ok, err = pcall(print, "lost")
  send(me, T("tried", ok, err))
end)
receive("waiting")
say("print-waits")
local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == "tried" end, 30000, "print's end")
say("node-killed:", m and (m[2] and "returned" or m[3]))
say("node-gone:", try(mute))
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
if wait_for "$tmp/b.out" "^print-waits" 20; then
  stop_node a          # while b's print waits on a's mute group leader
fi
wait_for "$tmp/b.out" "^done" 20 || true
O=$tmp/b.out
check "group_leader(gl, pid of another node) returns true" "$O" "^set-remote true$" 0
check "and the process there prints into b's sink" "$O" "^sink-has to-the-sink$" 0
check_not "... and not on a's terminal" "$tmp/a.out" "to-the-sink"
check "group_leader(nil, pid of another node): true" "$O" "^set-terminal true$" 0
check "and it prints on b's terminal" "$O" "^to-b-terminal$" 0
check_not "... and not on a's" "$tmp/a.out" "to-b-terminal"
check "print whose group leader dies before answering fails with its reason" "$O" \
  "^dies: print: the group leader <[0-9]+\.[0-9]+\.[0-9]+> on $A is gone \(boom\); Erlang's io:put_chars raises terminated$" 0
check "print whose group leader on another node is dead fails: noproc" "$O" \
  "^dead: print: the group leader .* on $A is gone \(:noproc\)" 0
check "print whose group leader's node is killed while it waits fails: noconnection" "$O" \
  "^node-killed: print: the group leader .* on $A is gone \(:noconnection\)" 0
check "print whose group leader is on a node that is gone fails: noconnection" "$O" \
  "^node-gone: print: the group leader .* on $A is gone \(:noconnection\)" 0
check "b ran to its end" "$O" "^done$" 0
check_not "lost output never shows" "$O" "^lost$"

finish

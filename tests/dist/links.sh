#!/bin/sh
# Links and monitors across nodes: a remote crash reaches a trapping process
# as EXIT with the reason and kills a non-trapping one (both directions);
# a remote monitor gives DOWN with the reason, noproc for a dead pid, and
# nothing after demonitor. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b
A=$a@$HOST

# a: "svc" makes workers for b. {spawn, from} -> {worker, pid}; a worker
# waits for {die, "error"|"exit", reason}. {dead, from} -> {deadpid, pid}
# of a process that has ended.
lua a.lua <<'EOF'
local function worker()
  local m = receive()
  if m[2] == "error" then error(m[3], 0) else exit(m[3]) end
end
register("svc", spawn(function()
  while true do
    local m = receive()
    if m[1] == A.spawn then
      send(m[2], T(A.worker, spawn(worker)))
    elseif m[1] == A.dead then
      local p, ref = spawn_monitor(function() end)
      receive(T(A.DOWN, ref, ANY, ANY, ANY))
      send(m[2], T(A.deadpid, p))
    end
  end
end))
say("ready", node.self())
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/a.lua"
wait_registered "$a" || true

lua b.lua <<'EOF'
local svc = T("svc", arg[1])
local function tagged(tag, x)
  return function(m) return typeof(m) == "tuple" and m[1] == tag and (x == nil or m[2] == x) end
end
local function worker()
  send(svc, T(A.spawn, self()))
  local m = wait_msg(tagged(A.worker), 10000, "a worker")
  return m and m[2]
end
say("connect", node.connect(arg[1]))
trap_exit(true)

-- a trapping process linked to a remote one that crashes
local w1 = worker()
say("link", link(w1))
send(w1, T(A.die, "error", "boom-link"))
local m = wait_msg(tagged(A.EXIT, w1), 10000, "EXIT from w1")
say("exit-trapped", m and m[3])

-- a non-trapping process linked to a remote one that crashes dies of it
local w2 = worker()
local p = spawn(function()
  link(w2)
  send(w2, T(A.die, "error", "boom-nontrap"))
  receive()
end)
local ref = monitor(p)
m = wait_msg(tagged(A.DOWN, ref), 10000, "DOWN of the non-trapping process")
say("nontrap-died", m and m[5])

-- the other way: our process crashes, the remote non-trapping one dies
local w3 = worker()
local r3 = monitor(w3)
local q = spawn(function() link(w3); error("boom-back", 0) end)
m = wait_msg(tagged(A.DOWN, r3), 10000, "DOWN of the remote linked process")
say("remote-died", m and m[5])

-- a remote monitor: DOWN with the reason
local w4 = worker()
local r4 = monitor(w4)
send(w4, T(A.die, "exit", A.bye))
m = wait_msg(tagged(A.DOWN, r4), 10000, "DOWN of w4")
if m then say("down", m[3], m[4] == w4, m[5]) end

-- monitoring a remote pid that is dead: DOWN noproc
send(svc, T(A.dead, self()))
m = wait_msg(tagged(A.deadpid), 10000, "a dead pid")
local dead = m and m[2]
local r5 = monitor(dead)
m = wait_msg(tagged(A.DOWN, r5), 10000, "DOWN of a dead pid")
say("noproc", m and m[5])

-- demonitor: no DOWN for that monitor, while another one still fires
local w6 = worker()
local r6a, r6b = monitor(w6), monitor(w6)
say("demonitor", demonitor(r6a))
send(w6, T(A.die, "exit", A.bye))
m = wait_msg(tagged(A.DOWN, r6b), 10000, "DOWN of w6 (kept monitor)")
say("kept-monitor", m and m[5])
say("dropped-monitor", receive(tagged(A.DOWN, r6a), 300) == nil and "silent" or "fired")
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
wait_for "$tmp/b.out" "^done" 30 || true
check "b connects to a" "$tmp/b.out" "^connect true" 0
check "link to a remote pid: true" "$tmp/b.out" "^link true$" 0
check "remote crash: a trapping process gets EXIT with the reason" "$tmp/b.out" "^exit-trapped .*boom-link" 0
check "remote crash: a non-trapping linked process dies with the reason" "$tmp/b.out" "^nontrap-died .*boom-nontrap" 0
check "local crash: the remote linked process dies with the reason" "$tmp/b.out" "^remote-died .*boom-back" 0
check "remote monitor: DOWN, :process, the pid and the reason" "$tmp/b.out" "^down :process true :bye$" 0
check "remote monitor of a dead pid: DOWN :noproc" "$tmp/b.out" "^noproc :noproc$" 0
check "demonitor of a remote monitor: true" "$tmp/b.out" "^demonitor true$" 0
check "the other monitor of the same pid still fires" "$tmp/b.out" "^kept-monitor :bye$" 0
check "no DOWN for the demonitored reference" "$tmp/b.out" "^dropped-monitor silent$" 0
check "a's crash reports name the reasons" "$tmp/a.out" "boom-link"

finish

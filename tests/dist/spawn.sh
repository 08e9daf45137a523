#!/bin/sh
# Remote spawn: a Lua closure with upvalues (a number, a string, a nested
# table) runs on the other node and its print comes out on the spawner's
# output; "module", "function", {args} (string.upper) works; a closure that
# captures a coroutine or a file handle fails with a clear error;
# node.spawn_link of a crashing closure gives EXIT to a trapping caller.
# Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b
A=$a@$HOST

lua a.lua <<'EOF'
say("ready", node.self())
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/a.lua"
wait_registered "$a" || true

lua b.lua <<'EOF'
local A_ = arg[1]
local function tagged(tag, x)
  return function(m) return typeof(m) == "tuple" and m[1] == tag and (x == nil or m[2] == x) end
end
say("connect", node.connect(A_))
trap_exit(true)

-- a closure with upvalues, printing on the other node
local num, s, t = 42, "up-string", {x = {1, 2, {y = "deep"}}, n = {k = "v"}}
local me = self()
local p, why = node.spawn(A_, function()
  print("closure-ran-on " .. node.self() .. " num=" .. num .. " s=" .. s
        .. " y=" .. t.x[3].y .. " len=" .. #t.x .. " k=" .. t.n.k)
  send(me, T(A.ran, node.self(), num, s, t))
end)
say("spawn", typeof(p), p and node_of(p), why)
local m = wait_msg(tagged(A.ran), 10000, "the closure's message")
if m then say("ran", m[2], m[3], m[4], str(m[5]) == str(t)) end

-- module, function, args
local p2, why2 = node.spawn(A_, "string", "upper", {"abc"})
say("mfa", typeof(p2), p2 and node_of(p2), why2)
local p3, why3 = node.spawn_link(A_, "string", "upper", {"abc"})
m = p3 and wait_msg(tagged(A.EXIT, p3), 10000, "EXIT of string.upper")
say("mfa-exit", m and m[3])
-- a function of a global table prints, with its arguments, on our side
node.spawn(A_, "_G", "print", {"mfa-print", "abc"})

-- closures that cannot travel
local co = coroutine.create(function() end)
local ok, p4, why4 = pcall(node.spawn, A_, function() return co end)
say("coroutine", ok, p4, why4)
local fh = io.stdout
local ok5, p5, why5 = pcall(node.spawn, A_, function() return fh end)
say("file", ok5, p5, why5)

-- spawn_link of a crashing closure
local p6 = node.spawn_link(A_, function() error("kaboom-remote", 0) end)
m = p6 and wait_msg(tagged(A.EXIT, p6), 10000, "EXIT of the crashing closure")
say("spawn-link-exit", m and m[3])
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
wait_for "$tmp/b.out" "^done" 20 || true
check "b connects to a" "$tmp/b.out" "^connect true" 0
check "node.spawn of a closure returns a pid of the other node" "$tmp/b.out" "^spawn pid $A( nil)?$" 0
check "the closure ran there with its upvalues (number, string, nested table)" \
  "$tmp/b.out" "^ran $A 42 up-string true$" 0
check "its print appears on the spawner's output, with node.self() and the upvalues" \
  "$tmp/b.out" "^closure-ran-on $A num=42 s=up-string y=deep len=3 k=v$" 0
check_not "and not on the other node's output" "$tmp/a.out" "closure-ran-on"
check "node.spawn(n, \"string\", \"upper\", {\"abc\"}) returns a remote pid" "$tmp/b.out" "^mfa pid $A( nil)?$" 0
check "node.spawn_link(n, \"string\", \"upper\", {\"abc\"}) ends normally" "$tmp/b.out" "^mfa-exit :normal$" 0
check "node.spawn(n, \"_G\", \"print\", {...}) prints its args on the spawner's output" \
  "$tmp/b.out" "^mfa-print[[:space:]]+abc$"
check "a closure capturing a coroutine: a clear error" "$tmp/b.out" \
  "^coroutine (false .*(coroutine|thread)|true nil .*(coroutine|thread))" 0
check "a closure capturing a file handle: a clear error" "$tmp/b.out" \
  "^file (false .*(file|userdata)|true nil .*(file|userdata))" 0
check "node.spawn_link of a crashing closure: EXIT with the reason to a trapping caller" \
  "$tmp/b.out" "^spawn-link-exit kaboom-remote$" 0

finish

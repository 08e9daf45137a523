#!/bin/sh
# server (dist/lua/server.lua) between repl nodes: server.call and
# server.cast by tuple(name, node) (strings or atoms), by {global = name}
# and by the pid global gives; handle_call's from names the calling node;
# a reply given later (server.NOREPLY, server.reply) crosses back; a
# timeout; a name no one has there, locally and globally (no process); a
# node that does not exist and a node killed with kill -9 during a call
# (no connection to ...); server.stop across nodes. Prints TAP; REPL names
# the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
s=v$$s; c=v$$c; k=v$$k
S_=$s@$HOST; C_=$c@$HOST; K_=$k@$HOST

# s and k serve "counter"; s also the global "gcounter" (arg[1]).
lua serve.lua <<'EOF'
local counter = {
  init = function(n) return n end,
  handle_call = function(req, from, n)
    if req == A.get then return n, n end
    if req == A.who then return node_of(from[1]), n end
    if req == A.hang then say("hanging on " .. node.self()) return server.NOREPLY, n end
    if req == A.later then send_after(50, self(), T(A.answer, from)) return server.NOREPLY, n end
    if typeof(req) == "tuple" and req[1] == A.sleep then sleep(req[2]) return A.slept, n end
  end,
  handle_cast = function(k, n) return n + k end,
  handle_info = function(m, n)
    if typeof(m) == "tuple" and m[1] == A.answer then server.reply(m[2], n * 10) end
    return n
  end,
  terminate = function(reason, n) say("terminate", reason, n) end,
}
say("counter", server.start(counter, 1, {name = "counter"}) ~= nil)
if arg[1] == "global" then
  say("gcounter", server.start(counter, 100, {global = "gcounter"}) ~= nil)
end
say("ready", node.self())
receive()
EOF
start_node s --sname "$s" --cookie dist "$tmp/serve.lua" global
start_node k --sname "$k" --cookie dist "$tmp/serve.lua"
wait_for "$tmp/s.out" "^ready" 20 || true
wait_for "$tmp/k.out" "^ready" 20 || true

lua c.lua <<'EOF'
local S_, K_ = arg[1], arg[2]
local function try(label, f, ...)
  local ok, v = pcall(f, ...)
  if ok then say(label, v) else say(label, "error", v) end
end
say("connect", node.connect(S_), node.connect(K_))
local counter = T("counter", S_)
try("call", server.call, counter, A.get)
try("call-atoms", server.call, T(A.counter, atom(S_)), A.get)
say("cast", server.cast(counter, 5))
try("after-cast", server.call, counter, A.get)
try("who", server.call, counter, A.who)
try("later", server.call, counter, A.later)
global.sync()
try("global", server.call, {global = "gcounter"}, A.get)
say("global-cast", server.cast({global = "gcounter"}, 1))
try("global-after-cast", server.call, {global = "gcounter"}, A.get)
local gpid = global.whereis_name("gcounter")
try("global-pid", server.call, gpid, A.get)
try("timeout", server.call, counter, T(A.sleep, 400), 100)
receive(function(m) return typeof(m) == "tuple" and m[2] == A.slept end, 2000)  -- the late reply
try("noproc", server.call, T("nosuch", S_), A.get)
try("global-noproc", server.call, {global = "nosuch"}, A.get)
try("stop", server.stop, counter, "shutdown")
try("after-stop", server.call, counter, A.get)
try("nosuch-node", server.call, T("counter", "nosuch" .. arg[3] .. "@" .. node.self():match("@(.*)")), A.get)
say("mailbox-empty", receive(0) == nil)
say("calling-k")
try("nodedown", server.call, T("counter", K_), A.hang, 20000)
say("mailbox-after-nodedown", receive(0) == nil)
say("done")
halt()
EOF
start_node c --sname "$c" --cookie dist "$tmp/c.lua" "$S_" "$K_" "$$"
if wait_for "$tmp/k.out" "^hanging on $K_" 30; then
  kill -9 "$pid_k" 2>/dev/null
fi
wait_for "$tmp/c.out" "^done" 30 || true
o=$tmp/c.out

check "c connects to s and k" "$o" "^connect true true$" 0
check "server.call(tuple(\"counter\", node), :get) reaches the server there" "$o" "^call 1$" 0
check "... names and nodes as atoms too" "$o" "^call-atoms 1$" 0
check "server.cast(tuple(name, node), msg) returns true" "$o" "^cast true$" 0
check "... and reaches handle_cast there" "$o" "^after-cast 6$" 0
check "handle_call's from[1] is the caller, on the calling node" "$o" "^who $C_$" 0
check "a reply given later (server.NOREPLY, server.reply) crosses back" "$o" "^later 60$" 0
check "server.call({global = name}, req)" "$o" "^global 100$" 0
check "server.cast({global = name}, msg)" "$o" "^global-cast true$" 0
check "... reaches the global server" "$o" "^global-after-cast 101$" 0
check "server.call(pid of another node, req)" "$o" "^global-pid 101$" 0
check "a call slower than its timeout raises \"time out\"" "$o" \
  "^timeout error server.call: time out \(server.call\(\{\"counter\", \"$S_\"\}, \{:sleep, 400\}\)\)$" 0
check "a name no one has on that node: \"no process\"" "$o" "^noproc error server.call: no process: " 0
check "a global name no one has: \"no process\"" "$o" \
  "^global-noproc error server.call: no process: .*\(server.call\(\{global = \"nosuch\"\}, :get\)\)$" 0
check "server.stop(tuple(name, node), reason) returns true" "$o" "^stop true$" 0
check "... after terminate ran there with the reason" "$tmp/s.out" "^terminate :shutdown 6$" 0
check "a call after the stop: \"no process\"" "$o" "^after-stop error server.call: no process" 0
check "a node that does not exist: \"no connection to ...\"" "$o" \
  "^nosuch-node error server.call: no connection to nosuch$$@$HOST " 0
check "nothing else in the caller's mailbox" "$o" "^mailbox-empty true$" 0
check "kill -9 of the server's node during a call: \"no connection to ...\"" "$o" \
  "^nodedown error server.call: no connection to $K_ \(server.call\(\{\"counter\", \"$K_\"\}, :hang\)\)$" 0
check "... and nothing else in the mailbox" "$o" "^mailbox-after-nodedown true$" 0
check "c is done" "$o" "^done$" 0

finish

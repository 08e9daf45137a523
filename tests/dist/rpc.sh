#!/bin/sh
# rpc between three repl nodes: rpc.call with module/function/args and with
# a closure (node names as strings or atoms), the badrpc values for an
# error (its message), exit(reason), an undefined function, a node that
# does not exist, a timeout (with no late reply left in the caller's
# mailbox and no process left behind), a node killed with kill -9 during a
# call (nodedown); rpc.multicall with a node that does not exist and with
# one too slow, over every node by default; rpc.cast and
# rpc.eval_everywhere; calls to the calling node itself. Prints TAP; REPL
# names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; c=t$$c
A_=$a@$HOST; B_=$b@$HOST; C_=$c@$HOST

# a and c serve: the same tables of functions, the slow one slow only on a.
lua serve.lua <<'EOF'
greeter = {
  hello = function(name) return "hello " .. name .. " from " .. node.self() end,
  boom = function() error("kaboom here", 0) end,
  quit = function(r) exit(r) end,
  nothing = function() return nil end,
  two = function() return 1, 2 end,
  note = function(to, what) send(to, T(A.noted, what, node.self())) end,
}
state = {slow_done = false}
slow = {
  f = function(ms)
    if node.self():match("^t%d+a@") then sleep(ms) end
    state.slow_done = true
    return node.self()
  end,
}
hang = {forever = function() print("hang-running on " .. node.self()); receive() end}
pg.start()
say("ready", node.self())
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/serve.lua"
start_node c --sname "$c" --cookie dist "$tmp/serve.lua"
wait_registered "$a" || true
wait_registered "$c" || true

lua b.lua <<'EOF'
local A_, C_ = arg[1], arg[2]
local me = node.self()
greeter = {
  hello = function(name) return "hello " .. name .. " from " .. node.self() end,
  nothing = function() return nil end,
}
slow = {f = function() return node.self() end}
local function show(...) local v, e = ...; say(str(v), e == nil and "-" or str(e)) end
local function tagged(tag)
  return function(m) return typeof(m) == "tuple" and m[1] == tag end
end
say("connect", node.connect(A_), node.connect(C_))

-- module, function, args; names as strings or atoms
io.write("mfa "); show(rpc.call(A_, "greeter", "hello", {"bob"}))
io.write("upper "); show(rpc.call(atom(A_), atom.string, atom.upper, {"hello"}))
io.write("nil "); show(rpc.call(A_, "greeter", "nothing", {}))
io.write("two "); show(rpc.call(A_, "greeter", "two", {}))
-- a closure, its upvalue copied
local suffix = "!"
io.write("closure "); show(rpc.call(A_, function(x) return node.self() .. x .. suffix end, {"?"}))
-- a module's function as the value: it goes by name (Erlang's fun M:F/A)
-- and runs the other node's own: a C function, a function of a module
-- whose state is that node's, one inside a closure's upvalue
io.write("fn-c "); show(rpc.call(A_, node.self))
io.write("fn-c-args "); show(rpc.call(A_, string.upper, {"abc"}))
local fake = spawn(function() receive() end)
pg.start()
pg.join("only-on-" .. me, fake)
io.write("fn-module "); show(#rpc.call(A_, pg.get_local_members, {"only-on-" .. me}))
local up = node.self
io.write("fn-upvalue "); show(rpc.call(A_, function() return up() end))
-- failures are values
io.write("error "); show(rpc.call(A_, "greeter", "boom", {}))
io.write("exit "); show(rpc.call(A_, "greeter", "quit", {"bye"}))
io.write("undef "); show(rpc.call(A_, "greeter", "nosuch", {1, "x"}))
io.write("undef-mod "); show(rpc.call(A_, "nosuchmod", "f", {}))
io.write("closure-error "); show(rpc.call(A_, function() error("in closure", 0) end))
io.write("nosuch-node "); show(rpc.call("nosuch" .. arg[3] .. "@" .. me:match("@(.*)"), "greeter", "hello", {"x"}))
local ok, bad = pcall(rpc.call, A_, 42, "f", {})
say("bad-args", ok, bad ~= nil)

-- timeout: badrpc timeout when due, nothing late in the mailbox after the
-- slow call ends there, no proxy process left here
local before = #processes()
local t0 = os.time()
io.write("timeout "); show(rpc.call(A_, "slow", "f", {1500}, 100))
say("timeout-quick", os.time() - t0 <= 1)
while not rpc.call(A_, function() return state.slow_done end) do sleep(50) end
rpc.call(A_, "greeter", "nothing", {})         -- after the slow one's DOWN
say("timeout-mailbox-empty", receive(0) == nil)
say("timeout-no-process-left", #processes() == before)
io.write("within-timeout "); show(rpc.call(A_, "greeter", "hello", {"t"}, 5000))

-- calls to this node
io.write("self "); show(rpc.call(me, "greeter", "hello", {"me"}))
io.write("self-closure "); show(rpc.call(atom(me), function(x) return x * 2 end, {21}))
io.write("self-error "); show(rpc.call(me, function() error("at home", 0) end))
io.write("self-undef "); show(rpc.call(me, "greeter", "nosuch", {}))

-- cast and eval_everywhere
rpc.cast(A_, "io", "write", {"io-write ", "from a cast\n"})
say("cast", rpc.cast(A_, "greeter", "note", {self(), "casted"}))
local m = wait_msg(tagged(A.noted), 10000, "the cast's message")
say("cast-got", m and m[2], m and m[3])
local self_pid = self()
say("cast-closure", rpc.cast(C_, function() send(self_pid, T(A.noted, "closure", node.self())) end))
m = wait_msg(tagged(A.noted), 10000, "the closure cast's message")
say("cast-closure-got", m and m[2], m and m[3])
greeter.note = function(to, what) send(to, T(A.noted, what, node.self())) end
say("eval_everywhere", rpc.eval_everywhere("greeter", "note", {self(), "ev"}))
local seen = {}
for _ = 1, 3 do
  m = wait_msg(tagged(A.noted), 10000, "eval_everywhere's messages")
  if m then seen[#seen + 1] = m[3] end
end
table.sort(seen)
say("eval_everywhere-got", table.concat(seen, ","))
rpc.eval_everywhere({A_, C_}, "greeter", "note", {self(), "ev2"})
seen = {}
for _ = 1, 2 do
  m = wait_msg(tagged(A.noted), 10000, "eval_everywhere's messages")
  if m then seen[#seen + 1] = m[3] end
end
table.sort(seen)
say("eval_everywhere-list-got", table.concat(seen, ","))

-- multicall: by default this node and the visible ones, in that order
local res, badn = rpc.multicall("greeter", "hello", {"all"})
say("multicall-default", #res, res[1], str(badn))
table.sort(res)
say("multicall-default-all", table.concat(res, ","))
local nosuch = "nosuch" .. arg[3] .. "@" .. me:match("@(.*)")
res, badn = rpc.multicall({A_, nosuch, me, C_}, "greeter", "hello", {"m"})
say("multicall-bad-node", table.concat(res, ","), str(badn))
res, badn = rpc.multicall({A_, C_, me}, "greeter", "boom", {})
say("multicall-errors", #res, str(res[1]), str(badn))
res, badn = rpc.multicall({A_, me, C_}, "greeter", "nothing", {})
say("multicall-nils", #badn, res.n, res[1], res[2], res[3])
res, badn = rpc.multicall({A_, C_}, function(x) return node.self() .. x end, {"+"})
say("multicall-closure", str(res), str(badn))
before = #processes()
state_flag = nil
res, badn = rpc.multicall({A_, C_, me}, "slow", "f", {1500}, 300)
say("multicall-timeout", str(res), str(badn))
while not rpc.call(A_, function() return state.slow_done end) do sleep(50) end
rpc.call(A_, "greeter", "nothing", {})
say("multicall-timeout-mailbox-empty", receive(0) == nil)
say("multicall-timeout-no-process-left", #processes() == before)

-- kill -9 of c during a call: nodedown
say("calling-c")
local v, e = rpc.call(C_, "hang", "forever", {})
say("nodedown", str(v), str(e))
say("mailbox-after-nodedown", receive(0) == nil)
res, badn = rpc.multicall({A_, C_}, "greeter", "hello", {"after"})
say("multicall-after-kill", str(res), str(badn))
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A_" "$C_" "$$"
if wait_for "$tmp/b.out" "^hang-running on $C_" 30; then
  kill -9 "$pid_c" 2>/dev/null
fi
wait_for "$tmp/b.out" "^done" 20 || true
o=$tmp/b.out

check "b connects to a and c" "$o" "^connect true true$" 0
check "rpc.call(a, \"greeter\", \"hello\", {\"bob\"}) returns the value" "$o" "^mfa \"hello bob from $A_\" -$" 0
check "names as atoms: rpc.call(atom(a), atom.string, atom.upper, {\"hello\"})" "$o" '^upper "HELLO" -$' 0
check "a function returning nil: nil, no error" "$o" "^nil nil -$" 0
check "a function returning two values: the first" "$o" "^two 1 -$" 0
check "rpc.call(a, closure, args): runs there, upvalues copied" "$o" "^closure \"$A_\\?!\" -$" 0
check "a C function as the value runs there: rpc.call(a, node.self)" "$o" "^fn-c \"$A_\" -$" 0
check "rpc.call(a, string.upper, {\"abc\"})" "$o" '^fn-c-args "ABC" -$' 0
check "a module's function runs there with that node's state (pg.get_local_members)" "$o" "^fn-module 0 -$" 0
check "a C function as an upvalue goes by name too" "$o" "^fn-upvalue \"$A_\" -$" 0
check "an error: nil, {:badrpc, {:EXIT, {message, stack}}}" "$o" \
  '^error nil \{:badrpc, \{:EXIT, \{"kaboom here", \[\{:greeter, :boom, 0, \[\]\}\]\}\}\}$' 0
check "exit(reason) there: {:badrpc, {:EXIT, reason}}" "$o" '^exit nil \{:badrpc, \{:EXIT, "bye"\}\}$' 0
check "an undefined function: {:badrpc, {:EXIT, {:undef, [{mod, fun, args, []}]}}}" "$o" \
  '^undef nil \{:badrpc, \{:EXIT, \{:undef, \[\{:greeter, :nosuch, \[1, "x"\], \[\]\}\]\}\}\}$' 0
check "an undefined module: undef too" "$o" '^undef-mod nil \{:badrpc, \{:EXIT, \{:undef, \[\{:nosuchmod, :f, \[\], \[\]\}\]\}\}\}$' 0
check "an error in a closure: its message" "$o" '^closure-error nil \{:badrpc, \{:EXIT, \{"in closure", ' 0
check "a node that does not exist: {:badrpc, :nodedown}" "$o" '^nosuch-node nil \{:badrpc, :nodedown\}$' 0
check "a module that is no name raises (a programming error, not a badrpc)" "$o" "^bad-args false true$" 0
check "a call slower than its timeout: {:badrpc, :timeout}" "$o" '^timeout nil \{:badrpc, :timeout\}$' 0
check "... returned when due, not when the call ended" "$o" "^timeout-quick true$" 0
check "... and its late reply never reaches the caller's mailbox" "$o" "^timeout-mailbox-empty true$" 0
check "... and no process is left behind" "$o" "^timeout-no-process-left true$" 0
check "a call within its timeout returns its value" "$o" "^within-timeout \"hello t from $A_\" -$" 0
check "rpc.call to this node itself" "$o" "^self \"hello me from $B_\" -$" 0
check "a closure on this node itself (node name as an atom)" "$o" "^self-closure 42 -$" 0
check "an error on this node itself: the same badrpc shape" "$o" '^self-error nil \{:badrpc, \{:EXIT, \{"at home", ' 0
check "an undefined function on this node itself" "$o" '^self-undef nil \{:badrpc, \{:EXIT, \{:undef, \[\{:greeter, :nosuch, \[\], \[\]\}\]\}\}\}$' 0
check "rpc.cast returns true" "$o" "^cast true$" 0
check "io.write in a cast writes on the caller's terminal (its group leader)" "$o" "^io-write from a cast$" 0
check "... and the function runs there" "$o" "^cast-got casted $A_$" 0
check "rpc.cast of a closure" "$o" "^cast-closure true$" 0
check "... runs there" "$o" "^cast-closure-got closure $C_$" 0
check "rpc.eval_everywhere returns true" "$o" "^eval_everywhere true$" 0
sorted=$(printf '%s\n' "$A_" "$B_" "$C_" | sort | paste -sd, -)
check "... and runs on this node and every visible one" "$o" "^eval_everywhere-got $sorted$" 0
sorted2=$(printf '%s\n' "$A_" "$C_" | sort | paste -sd, -)
check "rpc.eval_everywhere(nodes, ...) runs on those" "$o" "^eval_everywhere-list-got $sorted2$" 0
check "rpc.multicall with no nodes: this node first, then the visible ones" "$o" \
  "^multicall-default 3 hello all from $B_ \[\]$" 0
check "... all three" "$o" "^multicall-default-all hello all from $A_,hello all from $B_,hello all from $C_$" 0
check "rpc.multicall with a node that does not exist: results in order, it a bad node" "$o" \
  "^multicall-bad-node hello m from $A_,hello m from $B_,hello m from $C_ \[\"nosuch$$@$HOST\"\]$" 0
check "rpc.multicall where the function fails: badrpc results, no bad nodes" "$o" \
  '^multicall-errors 3 \{:badrpc, \{:EXIT, \{"kaboom here", .* \[\]$' 0
check "rpc.multicall of a function returning nil: holes, results.n counts them" "$o" "^multicall-nils 0 3 nil nil nil$" 0
check "rpc.multicall of a closure" "$o" "^multicall-closure \[\"$A_\\+\", \"$C_\\+\"\] \[\]$" 0
check "rpc.multicall with a timeout: the slow node is bad, the others answer" "$o" \
  "^multicall-timeout \[\"$C_\", \"$B_\"\] \[\"$A_\"\]$" 0
check "... nothing late in the mailbox" "$o" "^multicall-timeout-mailbox-empty true$" 0
check "... no process left behind" "$o" "^multicall-timeout-no-process-left true$" 0
check "kill -9 of the node during a call: {:badrpc, :nodedown}" "$o" '^nodedown nil \{:badrpc, :nodedown\}$' 0
check "... and nothing else in the mailbox" "$o" "^mailbox-after-nodedown true$" 0
check "rpc.multicall after: the killed node is a bad node" "$o" \
  "^multicall-after-kill \[\"hello after from $A_\"\] \[\"$C_\"\]$" 0
check_not "no crash report on the serving node for the failed calls" "$tmp/a.out" "crashed"

finish

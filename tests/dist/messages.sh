#!/bin/sh
# Messages across nodes, both ways: to a remote pid and to {name, node},
# with atoms, tuples, nested tables, strings; what arrives is what was sent;
# remote pids print with a non-zero first number; {name, node} with a name
# nobody registered there is dropped silently; a process alias made on
# one node is an address on the other (ALIAS_SEND), until unalias. Prints
# TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b
A=$a@$HOST; B=$b@$HOST

# The value both nodes build and compare against what arrives.
VALUE='function value()
  return T(A.data, A.hello, T(1, "two", A.three, T()), {
    list = {1, 2.5, {x = "y", deep = {T(A.ok, {"z"})}}},
    flags = {on = true, off = false},
    n = -42, big = 1 << 40, s = "caf\xc3\xa9 \0 bytes", empty = "",
  }, {"a", "b", "c"}, "a string")
end'

# a: "echo" (registered) takes {hello, from_pid, from_name} and answers
# from_pid with {by_pid, value} and {from_name, node_of(from_pid)} with
# {by_name, value}; it prints what arrives from b the two ways b sends.
lua a.lua <<EOF
$VALUE
EOF
cat >>"$tmp/a.lua" <<'EOF'
register("echo", spawn(function()
  while true do
    local m = receive()
    if typeof(m) == "tuple" and m[1] == A.hello then
      local from, name = m[2], m[3]
      say("from-pid", from)
      send(from, T(A.by_pid, self(), value()))
      send(T(name, node_of(from)), T(A.by_name, self(), value()))
    elseif typeof(m) == "tuple" and m[1] == A.value then
      say("got", m[2], "same", str(m[3]) == str(value()))
    elseif typeof(m) == "tuple" and m[1] == A.aliases then  -- {aliases, live, dropped}
      send(m[3], "to a dropped alias")
      send(m[2], "via an alias")
    end
  end
end))
say("ready", node.self())
receive()
EOF
start_node a --sname "$a" --cookie dist "$tmp/a.lua"
wait_registered "$a" || true

lua b.lua <<EOF
$VALUE
EOF
cat >>"$tmp/b.lua" <<'EOF'
local A_ = arg[1]
register("inbox", self())
say("connect", node.connect(A_))
-- to {name, node}
send(T("echo", A_), T(A.hello, self(), "inbox"))
local p = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == A.by_pid end, 10000, "by_pid")
local n = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == A.by_name end, 10000, "by_name")
if p then say("by-pid", p[2], "same", str(p[3]) == str(value()), "remote", node_of(p[2])) end
if n then say("by-name", "same", str(n[3]) == str(value())) end
if p then
  -- to a remote pid, and to {name, node} with an atom name
  send(p[2], T(A.value, "via-pid", value()))
  send(T(A.echo, A_), T(A.value, "via-name", value()))
end
-- to {name, node} where nobody has that name: dropped there, no error
-- here (erl: {nobody, Node} ! Msg returns Msg)
say("unregistered", pcall(send, T("nobody", A_), "lost"))
-- aliases: one live, one dropped before a uses it
local live, dropped = alias(), alias()
unalias(dropped)
send(T("echo", A_), T(A.aliases, live, dropped))
say("alias-got", receive(3000))
say("alias-then", receive(300))
say("value", str(value()))
say("done")
halt()
EOF
start_node b --sname "$b" --cookie dist "$tmp/b.lua" "$A"
wait_for "$tmp/b.out" "^done" || true
check "b connects to a" "$tmp/b.out" "^connect true" 0
check "a send to {name, node} arrives, and a's answer to the pid comes back intact" \
  "$tmp/b.out" "^by-pid .* same true" 0
check "a's answer to {name, node} arrives intact" "$tmp/b.out" "^by-name same true$" 0
check "a remote pid prints with a non-zero first number" \
  "$tmp/b.out" "^by-pid <[1-9][0-9]*\.[0-9]+\.[0-9]+> " 0
check "node_of(remote pid) is its node" "$tmp/b.out" "^by-pid .* remote $A$" 0
check "a send to a remote pid arrives intact" "$tmp/a.out" "^got via-pid same true$"
check "a send to {atom name, node} arrives intact" "$tmp/a.out" "^got via-name same true$"
check "on the other node, the sender's pid prints with a non-zero first number" \
  "$tmp/a.out" "^from-pid <[1-9][0-9]*\.[0-9]+\.[0-9]+>$"
check "send to {unregistered name, other node} returns the message, raising nothing" \
  "$tmp/b.out" '^unregistered true lost$' 0
check "a message to an alias made on another node arrives" "$tmp/b.out" '^alias-got via an alias$' 0
check "one to an alias dropped by unalias does not" "$tmp/b.out" '^alias-then nil$' 0
check_not "no crash on a" "$tmp/a.out" "crashed"

finish

#!/bin/sh
# pg across three repl nodes. Node a drives: it makes members on a, b and c
# (processes spawned there that join) and reads each node's view through
# closures run there, waiting (polling, with a time limit) until the view
# is what it should be. Covered: join/leave of one pid and of a list, a pid
# joined twice counted twice, get_members against get_local_members,
# which_groups, a second scope (and a node that does not run it),
# pg.monitor and pg.monitor_scope notifications and pg.demonitor, a member
# that exits, node.disconnect then a reconnect (the groups reconverge), and
# kill -9 of a node (its members vanish everywhere). Every node starts pg
# with pg.start() (no scope runs by itself, as in OTP 25): before that,
# pg.join and the rest raise, naming pg.start, and get_members is empty.
# On a node with no name, pg works once started and bad arguments are
# clear errors, and once node.start names it its members reach the others.
# Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; c=t$$c
A=$a@$HOST; B=$b@$HOST; C=$c@$HOST

lua wait.lua <<'EOF'
pg.start()
say("ready", node.self())
receive()
EOF

lua a.lua <<'EOF'
local B, C = arg[1], arg[2]
local me = self()
say("start-first", typeof(pg.start()))

-- on(n, f): f's results, run on node n (a table).
local function on(n, f)
  if n == node.self() then return table.pack(f()) end
  local tag = make_ref()
  node.spawn(n, function() send(me, T(tag, table.pack(f()))) end)
  local m = wait_msg(T(tag, ANY), 5000, "an answer from " .. n)
  return m and m[2] or {}
end
-- eventually(f): f() turned true within 10 s.
local function eventually(f)
  for _ = 1, 500 do
    if f() then return true end
    sleep(20)
  end
  return false
end
-- member(n, args...): a process on n that did pg.join(args..., self()).
local function member(n, ...)
  local tag, args = make_ref(), table.pack(...)
  local p = node.spawn(n, function()
    args[args.n + 1] = self()
    pg.join(table.unpack(args, 1, args.n + 1))
    send(me, tag)
    receive()
  end)
  wait_msg(tag, 5000, "a member joining on " .. n)
  return p
end
local function idle() return spawn(function() receive() end) end
local function count(list, p)
  local k = 0
  for _, x in ipairs(list) do if x == p then k = k + 1 end end
  return k
end
-- same(list, {p = n, ...}): list holds exactly those pids, each n times.
local function same(list, want)
  local total = 0
  for p, k in pairs(want) do
    if count(list, p) ~= k then return false end
    total = total + k
  end
  return #list == total
end
local function members_on(n, ...)
  local args = table.pack(...)
  return on(n, function() return pg.get_members(table.unpack(args, 1, args.n)) end)[1] or {}
end
local function sees(n, want, ...)
  local args = table.pack(...)
  return eventually(function() return same(members_on(n, table.unpack(args, 1, args.n)), want) end)
end
local function has(list, x)
  for _, y in ipairs(list) do if y == x then return true end end
  return false
end

say("connect", node.connect(B), node.connect(C))
say("mesh", eventually(function() return has(on(B, function() return node.list() end)[1] or {}, C) end))

-- one pid, then a list, then one pid again: counted twice
local p1, p2, p3 = idle(), idle(), idle()
say("join-one", pg.join("workers", p1))
say("b-sees-one", sees(B, {[p1] = 1}, "workers"))
say("join-list", pg.join("workers", {p2, p3}))
say("join-again", pg.join("workers", p1))
say("a-counts-twice", same(pg.get_members("workers"), {[p1] = 2, [p2] = 1, [p3] = 1}))
say("c-counts-twice", sees(C, {[p1] = 2, [p2] = 1, [p3] = 1}, "workers"))

-- members of b and c: get_members against get_local_members
local q = member(B, "workers")
local r = member(C, "workers")
local all = {[p1] = 2, [p2] = 1, [p3] = 1, [q] = 1, [r] = 1}
say("a-sees-all", sees(node.self(), all, "workers"))
say("b-sees-all", sees(B, all, "workers"))
say("a-local", same(pg.get_local_members("workers"), {[p1] = 2, [p2] = 1, [p3] = 1}))
say("b-local", same(on(B, function() return pg.get_local_members("workers") end)[1], {[q] = 1}))
say("c-local", same(on(C, function() return pg.get_local_members("workers") end)[1], {[r] = 1}))
say("get-members-unknown", #pg.get_members("nobody"), #pg.get_local_members("nobody"))

-- which_groups, seen from c, with a group only b has
member(B, "others")
say("c-which-groups", eventually(function()
  local g = on(C, function() return pg.which_groups() end)[1] or {}
  table.sort(g)
  return table.concat(g, ",") == "others,workers"
end))

-- leave: one of two joins, then a list, then a pid that is not a member
say("leave-one", pg.leave("workers", p1))
say("c-sees-leave-one", sees(C, {[p1] = 1, [p2] = 1, [p3] = 1, [q] = 1, [r] = 1}, "workers"))
say("leave-list", pg.leave("workers", {p2, p3}))
say("b-sees-leave-list", sees(B, {[p1] = 1, [q] = 1, [r] = 1}, "workers"))
say("leave-not-joined", pg.leave("workers", p2))
say("a-local-after-leave", same(pg.get_local_members("workers"), {[p1] = 1}))

-- a second scope: on a and b, not on c
say("start-s2", typeof(pg.start("s2")), typeof(on(B, function() return pg.start("s2") end)[1]))
say("start-s2-again", pg.start("s2"))
say("start-default", pg.start())
local s = member(B, "s2", "room")
say("a-sees-s2", sees(node.self(), {[s] = 1}, "s2", "room"))
say("s2-not-in-default", #pg.get_members("room"), table.concat(pg.which_groups("s2"), ","))
pg.join("s2", "room", p2)
say("b-sees-s2-both", sees(B, {[s] = 1, [p2] = 1}, "s2", "room"))
say("c-runs-no-s2", #members_on(C, "s2", "room"))

-- notifications: c monitors the group "workers" and the default scope and
-- keeps what comes; {flush, pid} sends what it kept (it must not send on
-- its own: that would reconnect c to a while they are apart), :demonitor
-- drops the group monitor
local fwd = node.spawn(C, function()
  local gref, now = pg.monitor("workers")
  local sref, groups = pg.monitor_scope()
  send(me, T(A.monitoring, gref, now, sref, groups))
  local kept = {}
  while true do
    local m = receive()
    if m == A.demonitor then send(me, T(A.demonitored, pg.demonitor(gref), pg.demonitor(gref)))
    elseif typeof(m) == "tuple" and m[1] == A.flush then
      for _, k in ipairs(kept) do send(m[2], T(A.note, k)) end
      kept = {}
      send(m[2], A.flushed)
    else kept[#kept + 1] = m end
  end
end)
-- fetch(): the notes c kept, into our mailbox.
local function fetch()
  send(fwd, T(A.flush, me))
  wait_msg(A.flushed, 5000, "c's notes")
end
local mon = wait_msg(T(A.monitoring, ANY, ANY, ANY, ANY), 5000, "c's monitors")
local gref, sref = mon[2], mon[4]
say("monitor-returns-members", same(mon[3], {[p1] = 1, [q] = 1, [r] = 1}))
say("monitor-scope-returns-groups", same(mon[5].workers or {}, {[p1] = 1, [q] = 1, [r] = 1}),
    #(mon[5].others or {}))
local function note(ref, verb, group, pids)
  return eventually(function()
    fetch()
    return receive(function(m)
      local n = typeof(m) == "tuple" and m[1] == A.note and m[2]
      return n and n[1] == ref and n[2] == verb and n[3] == group and same(n[4], pids)
    end, 0) ~= nil
  end)
end
local p4 = idle()
pg.join("workers", p4)
say("note-join", note(gref, A.join, "workers", {[p4] = 1}), note(sref, A.join, "workers", {[p4] = 1}))
pg.join("elsewhere", p4)
say("note-scope-only", note(sref, A.join, "elsewhere", {[p4] = 1}))

-- a member exits: it leaves every group, on every node, with notifications
exit(p4, "kill")
say("note-exit", note(gref, A.leave, "workers", {[p4] = 1}), note(sref, A.leave, "elsewhere", {[p4] = 1}))
say("exit-gone-a", same(pg.get_members("workers"), {[p1] = 1, [q] = 1, [r] = 1}),
    #pg.get_members("elsewhere"))
say("exit-gone-c", sees(C, {[p1] = 1, [q] = 1, [r] = 1}, "workers"), #members_on(C, "elsewhere"))

-- node.disconnect: a and c lose each other's members; a reconnect brings
-- them back (discover, sync)
say("disconnect", node.disconnect(C))
say("a-loses-c", sees(node.self(), {[p1] = 1, [q] = 1}, "workers"))
local view = {}
node.spawn(B, function()       -- c's view, asked through b (a is cut off)
  local tag = make_ref()
  local b = self()
  node.spawn(C, function()
    local t0 = 0
    while #pg.get_members("workers") ~= 2 and t0 < 500 do sleep(20); t0 = t0 + 1 end
    send(b, T(tag, pg.get_members("workers")))
  end)
  send(me, T(A.cview, receive(T(tag, ANY), 10000)))
end)
view = wait_msg(T(A.cview, ANY), 12000, "c's view through b")
say("c-loses-a", view ~= nil and view[2] ~= nil and same(view[2][2], {[q] = 1, [r] = 1}))
say("reconnect", node.connect(C))
say("a-regains-c", sees(node.self(), {[p1] = 1, [q] = 1, [r] = 1}, "workers"))
say("c-regains-a", sees(C, {[p1] = 1, [q] = 1, [r] = 1}, "workers"))
say("c-scope-monitor-saw-it", note(sref, A.leave, "workers", {[p1] = 1}),
    note(sref, A.join, "workers", {[p1] = 1}))

-- demonitor: true (then false: it is spent), and no more notifications
-- for that ref; those forwarded before it are dropped here
fetch()
send(fwd, A.demonitor)
local d = wait_msg(T(A.demonitored, ANY, ANY), 5000, "demonitor")
say("demonitor", d and d[2], d and d[3])
while receive(function(m) return typeof(m) == "tuple" and m[1] == A.note and m[2][1] == gref end, 0) do end

-- kill -9 of b: its members vanish from a and c
say("kill b")
say("b-gone-a", sees(node.self(), {[p1] = 1, [r] = 1}, "workers"), #pg.get_members("others"),
    #pg.get_members("s2", "room"))
say("b-gone-c", sees(C, {[p1] = 1, [r] = 1}, "workers"))
say("note-b-gone", note(sref, A.leave, "workers", {[q] = 1}))
-- a group note would have come with the scope note: the same fetch brought it
local stray = receive(function(m)
  return typeof(m) == "tuple" and m[1] == A.note and m[2][1] == gref
end, 0)
say("no-note-after-demonitor", stray == nil)
say("done")
halt()
EOF

# d: no name at first. pg runs there only once started, bad arguments are
# clear errors; then node.start names it and its members reach c, which
# was up all along.
lua d.lua <<'EOF'
local C = arg[1]
local p = spawn(function() receive() end)
local function err(f, ...)
  local ok, e = pcall(f, ...)
  return ok and "no error" or (tostring(e):gsub("^.-: pg", "pg"))
end
say("before-start", err(pg.join, "late", p))
say("before-start-reads", #pg.get_members("late"), #pg.get_local_members("late"))
say("before-start-which", err(pg.which_groups))
say("before-start-monitor", err(pg.monitor, "late"), err(pg.leave, "late", p))
say("start-first", typeof(pg.start()))
say("nameless", node.self(), pg.join("late", p), #pg.get_members("late"), #pg.get_local_members("late"))
say("err-not-pid", err(pg.join, "g", 5))
say("err-list", err(pg.join, "g", {p, "x"}))
say("err-scope", err(pg.join, "nosuch", "g", p))
say("err-scope-name", err(pg.which_groups, 5))
say("unknown-scope-read", #pg.get_members("nosuch", "g"), err(pg.which_groups, "nosuch"))
say("start", node.start(arg[2], {cookie = "dist"}))
say("connect", node.connect(C))
local tag, me = make_ref(), self()
local seen = false
for _ = 1, node.list()[1] and 500 or 0 do
  node.spawn(C, function() send(me, T(tag, pg.get_members("late"))) end)
  local m = wait_msg(T(tag, ANY), 5000, "c's view")
  if m and #m[2] == 1 and m[2][1] == p then seen = true; break end
  sleep(20)
end
say("late-shared", seen)
halt()
EOF

start_node b --sname "$b" --cookie dist "$tmp/wait.lua"
start_node c --sname "$c" --cookie dist "$tmp/wait.lua"
wait_registered "$b" || true
wait_registered "$c" || true
start_node a --sname "$a" --cookie dist "$tmp/a.lua" "$B" "$C"

O=$tmp/a.out
check "pg.start() on a fresh node: the scope's pid" "$O" "^start-first pid$" 20
check "a connects to b and c" "$O" "^connect true true$" 20
check "b and c meet (mesh)" "$O" "^mesh true$"
check "pg.join(group, pid) is true" "$O" "^join-one true$"
check "b sees a's member" "$O" "^b-sees-one true$"
check "pg.join(group, {pids}) is true" "$O" "^join-list true$"
check "a pid joined twice is counted twice on a" "$O" "^a-counts-twice true$"
check "... and on c" "$O" "^c-counts-twice true$"
check "a sees the members that b and c joined" "$O" "^a-sees-all true$"
check "b sees every node's members" "$O" "^b-sees-all true$"
check "get_local_members: only a's on a" "$O" "^a-local true$"
check "get_local_members: only b's on b" "$O" "^b-local true$"
check "get_local_members: only c's on c" "$O" "^c-local true$"
check "an unknown group has no members" "$O" "^get-members-unknown 0 0$"
check "which_groups on c: every node's groups" "$O" "^c-which-groups true$"
check "leave of a pid joined twice: true, and it is counted once" "$O" "^leave-one true$"
check "... on c too" "$O" "^c-sees-leave-one true$"
check "leave of a list" "$O" "^leave-list true$"
check "... seen on b" "$O" "^b-sees-leave-list true$"
check "leave of a pid that is no member: false" "$O" "^leave-not-joined false$"
check "get_local_members after the leaves" "$O" "^a-local-after-leave true$"
check "pg.start(scope) on a and b returns pids" "$O" "^start-s2 pid pid$"
check "pg.start of a running scope: nil, already started, its pid" "$O" "^start-s2-again nil already started <"
check "pg.start() with no scope: the default, running already (as :pg.start_link())" "$O" "^start-default nil already started <"
check "a second scope: a sees b's member" "$O" "^a-sees-s2 true$"
check "scopes are apart" "$O" "^s2-not-in-default 0 room$"
check "a second scope: b sees a's member" "$O" "^b-sees-s2-both true$"
check "a node that does not run the scope has none of it" "$O" "^c-runs-no-s2 0$"
check "pg.monitor returns a ref and the members" "$O" "^monitor-returns-members true$"
check "pg.monitor_scope returns a ref and every group" "$O" "^monitor-scope-returns-groups true 1$"
check "a join on a: {ref, :join, group, pids} to both monitors on c" "$O" "^note-join true true$"
check "another group: only the scope monitor hears" "$O" "^note-scope-only true$"
check "a member exits: leave notifications" "$O" "^note-exit true true$"
check "... and it is gone from a" "$O" "^exit-gone-a true 0$"
check "... and from c" "$O" "^exit-gone-c true 0$"
check "node.disconnect" "$O" "^disconnect true$"
check "a loses c's member" "$O" "^a-loses-c true$"
check "c loses a's member" "$O" "^c-loses-a true$"
check "reconnect" "$O" "^reconnect true$"
check "groups reconverge on a" "$O" "^a-regains-c true$"
check "groups reconverge on c" "$O" "^c-regains-a true$"
check "c's scope monitor saw the leave and the join again" "$O" "^c-scope-monitor-saw-it true true$"
check "pg.demonitor is true, then false" "$O" "^demonitor true false$"

if wait_for "$O" "^kill b$"; then
  kill -9 "$pid_b"; ok "kill -9 b"
else
  not_ok "kill -9 b (a never asked)" "$O"
fi
check "b's members vanish on a, in every scope" "$O" "^b-gone-a true 0 1$"
check "b's members vanish on c" "$O" "^b-gone-c true$"
check "c's scope monitor hears b's member leave" "$O" "^note-b-gone true$"
check "no notification after pg.demonitor" "$O" "^no-note-after-demonitor true$"
check "the test ran to its end" "$O" "^done$"
check_not "no timeout waiting for a message" "$O" "TIMEOUT"
check_not "no scope dropped a message" "$O" "could not handle"
start_node d "$tmp/d.lua" "$C" "t$$d"
D=$tmp/d.out
NOTRUN='pg is not running on this node: call pg.start\(\) first \(Elixir: :pg.start_link\(\)\)'
check "pg.join before pg.start(): an error naming the fix" "$D" "^before-start $NOTRUN$"
check "get_members and get_local_members before pg.start(): empty, as erl's" "$D" "^before-start-reads 0 0$"
check "which_groups before pg.start(): the same error (erl: badarg)" "$D" "^before-start-which $NOTRUN$"
check "monitor and leave before pg.start(): the same error (erl: noproc)" "$D" "^before-start-monitor $NOTRUN $NOTRUN$"
check "pg.start() with no name: a pid" "$D" "^start-first pid$"
check "a node with no name: pg.join works once started" "$D" "^nameless nonode@nohost true 1 1$"
check "pg.join of a non-pid: an error that says so" "$D" "^err-not-pid pg.join: a pid or a list of pids, not number$"
check "pg.join of a list holding a non-pid: an error" "$D" "^err-list pg.join: x is not a pid$"
check "pg.join in a scope that does not run: an error naming pg.start" "$D" \
  '^err-scope pg: the scope nosuch is not running on this node: call pg.start\("nosuch"\) first \(Elixir: :pg.start_link\(:nosuch\)\)$'
check "a scope that is not a name: an error" "$D" '^err-scope-name pg: a scope is named by a string \(or an atom\)$'
check "a scope that does not run: get_members empty, which_groups an error" "$D" \
  '^unknown-scope-read 0 pg: the scope nosuch is not running on this node'
check "node.start names the node" "$D" "^start true$"
check "it connects to c" "$D" "^connect true$"
check "the member it joined before it had a name reaches c" "$D" "^late-shared true$"
for f in "$tmp/b.out" "$tmp/c.out" "$D"; do
  check_not "no scope on $(basename "$f" .out) dropped a message" "$f" "could not handle"
done

finish

#!/bin/sh
# global across three repl nodes (a drives, b and c serve, d is killed):
# register/whereis/send/registered_names/unregister seen alike everywhere;
# the registration race (three nodes register one name at once, many
# times): exactly one wins and every node names the same pid; a name goes
# with its process and with its node (kill -9, also in the middle of
# registrations); set_lock/del_lock/trans block and fail as Erlang's, and a
# lock goes with its holder and with the holder's node; after a split made
# with node.cut and healed, a name both halves registered ends with one
# pid everywhere and the loser killed, by the default resolver and by a
# custom one. Prints TAP; REPL names the binary.
. "$(dirname "$0")/lib.sh"

start_epmd
a=t$$a; b=t$$b; c=t$$c; d=t$$d
A=$a@$HOST; B=$b@$HOST; C=$c@$HOST; D=$d@$HOST
ROUNDS=${GLOBAL_RACE_ROUNDS:-40}

lua serve.lua <<'EOF'
print("up " .. node.self())
while true do receive() end
EOF
for x in b c d; do
  eval "start_node $x --sname \$$x --cookie glob \$tmp/serve.lua"
done
for x in $b $c $d; do wait_registered "$x" || true; done

lua a.lua <<'EOF'
local B, C, D, ROUNDS = arg[1], arg[2], arg[3], tonumber(arg[4])
local ALL = {node.self(), B, C}

-- at(n, f, ...): f(...) run on node n, its results back here.
function at(n, f, ...)
  local me, ref, args = self(), make_ref(), {...}
  if n == node.self() then return f(...) end
  node.spawn(n, function() send(me, T(ref, f(table.unpack(args)))) end)
  local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == ref end, 10000, "at " .. n)
  if m then return table.unpack({table.unpack(m, 2, #m)}) end
end
local function idle() while true do receive() end end
local function keeper() return spawn(function() while true do receive() end end) end
-- until(f): polls f() for up to 10 s
local function until_(f)
  for _ = 1, 1000 do if f() then return true end sleep(10) end
  return false
end
local function agree(name)   -- the pid every node has for name, or "differ"
  local first = global.whereis_name(name)
  for _, n in ipairs(ALL) do
    -- a closure, so that n answers from its own table (a function of a
    -- module sent as a value would do so too, but a closure says it)
    local p = at(n, function(x) return global.whereis_name(x) end, name)
    if p ~= first then return "differ" end
  end
  return first
end

for _, n in ipairs({B, C, D}) do node.connect(n) end
until_(function() return #node.list() == 3 end)
global.sync()

-- the basics
local main = self()
local p = spawn(function()
  while true do local m = receive(); if m == "hello from c" then send(main, "hello arrived") end end
end)
say("register", global.register_name("srv", p))
say("seen-everywhere", agree("srv") == p)
say("names-on-c", str(at(C, function() return global.registered_names() end)))
local q = keeper()
say("taken", global.register_name("srv", q))
say("pid-twice", global.register_name("other", p))
at(C, function(name) global.send(name, "hello from c") end, "srv")
say("send-arrived", receive("hello arrived", 5000))
say("send-unknown", at(C, function() return pcall(global.send, "nosuch", 1) end))
local tl = keeper()
say("tuple-name", global.register_name(T(A.todo_list, "groceries"), tl),
    at(B, function() return global.whereis_name(T("todo_list", "groceries")) end) == tl,
    str(at(C, function() return global.registered_names()[2] end)))
global.unregister_name(T(A.todo_list, "groceries"))
say("re-register", global.re_register_name("srv", q), agree("srv") == q)
say("unregister", global.unregister_name("srv"), agree("srv") == nil)

-- b and c apart, both joined to a: a name b holds is taken for c too, as
-- a's copy has it (c's own copy cannot, b's table never reached c)
at(B, function(c) node.cut(c) end, C)
local function sees(n, other)   -- whether n lists other among its nodes
  return at(n, function(o)
    for _, x in ipairs(node.list()) do if x == o then return true end end
    return false
  end, other)
end
until_(function() return not sees(C, B) end)
say("apart-b", at(B, function() return global.register_name("lonely", spawn(function() receive() end)) end))
say("apart-c", at(C, function() return global.register_name("lonely", spawn(function() receive() end)) end))
at(B, function(c) node.heal(c) end, C)
until_(function() return sees(B, C) end)
global.unregister_name("lonely")

-- the race: three nodes register one name at the same moment
local split, wins_total = 0, 0
for k = 1, ROUNDS do
  local name, me = "race" .. k, self()
  for _, n in ipairs(ALL) do
    node.spawn(n, function()
      local mine = spawn(function() while true do receive() end end)
      send(me, T(A.raced, node.self(), global.register_name(name, mine), mine))
    end)
  end
  local wins, winner = 0, nil
  for _ = 1, 3 do
    local m = wait_msg(function(m) return typeof(m) == "tuple" and m[1] == A.raced end, 20000, "a racer")
    if m and m[3] then wins = wins + 1; winner = m[4] end
  end
  wins_total = wins_total + wins
  if wins ~= 1 or agree(name) ~= winner then split = split + 1 end
end
say("race", ROUNDS, "rounds", wins_total, "wins", split, "split")

-- a name goes with its process, on every node
local r = at(B, function() local x = spawn(function() receive() end); global.register_name("short", x); return x end)
say("short-registered", agree("short") == r)
send(r, "stop")
say("gone-after-exit", until_(function() return agree("short") == nil end))

-- and with its node (kill -9 of d, which also registers in a loop)
at(D, function()
  global.register_name("on-d", spawn(function() while true do receive() end end))
  spawn(function()
    local i = 0
    while true do
      i = i + 1
      global.register_name("d-loop" .. i, spawn(function() while true do receive() end end))
    end
  end)
end)
say("on-d", node_of(agree("on-d")) == D)
until_(function() return #global.registered_names() > 5 end)
print("KILL-D")
receive(T(A.nodedown, D), 10000)
say("d-names-gone", until_(function()
  for _, n in ipairs(global.registered_names()) do
    if n == "on-d" or n:match("^d%-loop") then return false end
  end
  return agree("race1") ~= "differ"
end))
say("register-after-kill", global.register_name("after-d", keeper()), agree("after-d") ~= nil)

-- locks
say("set-lock", global.set_lock({"res", self()}))
say("busy-on-b", at(B, function() return global.set_lock({"res", self()}, nil, 0) end))
local me = self()
node.spawn(B, function()
  local got = global.trans({"res", self()}, function() return "inside" end)
  send(me, T(A.trans, got))
end)
say("trans-waits", receive(T(A.trans, ANY), 300) == nil)
global.del_lock({"res", self()})
local m = receive(T(A.trans, ANY), 10000)
say("trans-after-del", m and m[2])
say("trans-aborted", at(B, function()
  local holder = spawn(function() global.set_lock({"res2", self()}); receive() end)
  sleep(50)
  return global.trans({"res2", self()}, function() return 1 end, nil, 1)
end))
local h = spawn(function() global.set_lock({"res3", self()}); send(me, A.locked); receive() end)
receive(A.locked, 5000)
say("held-by-dead", at(C, function() return global.set_lock({"res3", self()}, nil, 0) end))
exit(h, "kill")
say("freed-by-exit", until_(function() return at(C, function()
  local ok = global.set_lock({"res3", self()}, nil, 0)
  if ok then global.del_lock({"res3", self()}) end
  return ok end) end))

-- split and heal: a and b cut c off; each half registers two names (one
-- with a custom resolver); c says it is done through a file, the only way
-- across a split.
local function custom(name, p1, p2)    -- the pid on c stays; the other is told
  local keep, other = p1, p2
  if node_of(p2) == C then keep, other = p2, p1 end
  send(other, T(A.lost, name))
  return keep
end
node.spawn(C, function(flag, f, a, b)
  register("cside", self())
  node.monitor_nodes(true)
  send(T("cside_ready", a), true)
  local down = {}
  while not (down[a] and down[b]) do
    local m = receive(T(A.nodedown, ANY))
    down[m[2]] = true
  end
  local x = spawn(function() while true do receive() end end)
  local y = spawn(function() while true do receive() end end)
  local z = spawn(function() while true do receive() end end)
  local ok1, ok2 = global.register_name("dup", x), global.register_name("dup2", y, f)
  local ok3 = global.register_name("dup3", z, global.notify_all_name)
  local fh = io.open(flag, "w"); fh:write(tostring(ok1 and ok2 and ok3)); fh:close()
  while true do
    local m = receive(T(A.query, ANY))
    send(m[2], T(A.cside, x, y, z))
  end
end, arg[5] .. "/c-registered", custom, node.self(), B)
register("cside_ready", self())
receive(true, 10000)
node.cut(C)
at(B, function(c) node.cut(c) end, C)
until_(function() return #node.list() == 1 end)
say("split", str(node.list()), str(node.cuts()))
local pa = keeper()
say("register-a-half", global.register_name("dup", pa))
local pa2 = spawn(function() local m = receive(T(A.lost, ANY)); send(me, T(A.loser_told, m[2])); while true do receive() end end)
say("register-custom-a", global.register_name("dup2", pa2, custom))
-- a resolver of global's own, sent by name: both told, the name goes
local pa3 = spawn(function()
  local m = receive(T(A.global_name_conflict, ANY, ANY))
  send(me, T(A.both_told, m[2], node_of(m[3])))
  while true do receive() end
end)
say("register-notify-all-a", global.register_name("dup3", pa3, global.notify_all_name))
local flag = arg[5] .. "/c-registered"
until_(function() local f = io.open(flag); if f then f:close() end; return f ~= nil end)
local fh = io.open(flag); say("register-c-half", fh and fh:read("a")); if fh then fh:close() end
say("refused-while-cut", node.connect(C))
node.heal(C)
at(B, function(c) node.heal(c) end, C)
until_(function() return #node.list() == 2 end)
at(C, function() global.sync() end)
global.sync()
send(T("cside", C), T(A.query, self()))
local cs = receive(T(A.cside, ANY, ANY, ANY), 10000)
local pc, pc2, pc3 = cs and cs[2], cs and cs[3], cs and cs[4]
local w = nil
say("healed-one-pid", until_(function() w = agree("dup"); return w ~= "differ" and w ~= nil end))
local loser = w == pa and pc or pa
say("loser-killed", until_(function() return not at(node_of(loser), function(x) return is_alive(x) end, loser) end))
say("winner-alive", w ~= nil and w ~= "differ" and at(node_of(w), function(x) return is_alive(x) end, w))
say("custom-kept-c", until_(function() return agree("dup2") == pc2 end))
local told = receive(T(A.loser_told, ANY), 5000)
say("custom-told-loser", told and told[2], is_alive(pa2))
say("default-kept-first-node", w == (node.self() < C and pa or pc))
local both = receive(T(A.both_told, ANY, ANY), 5000)
say("notify-all-told", both and both[2], both and both[3] == C)
say("notify-all-name-gone", until_(function() return agree("dup3") == nil end))
say("notify-all-both-alive", is_alive(pa3), at(C, function(x) return is_alive(x) end, pc3))
say("done")
halt()
EOF
start_node a --sname "$a" --cookie glob "$tmp/a.lua" "$B" "$C" "$D" "$ROUNDS" "$tmp"
wait_for "$tmp/a.out" "^KILL-D" 60 && kill -9 "$pid_d"
wait_for "$tmp/a.out" "^(done|TIMEOUT)" 60 || true

check "register_name returns true" "$tmp/a.out" "^register true$" 0
check "the name is seen on every node with the same pid" "$tmp/a.out" "^seen-everywhere true$" 0
check "registered_names on another node lists it" "$tmp/a.out" '^names-on-c \["srv"\]$' 0
check "a taken name: false" "$tmp/a.out" "^taken false " 0
check "a pid with a global name cannot take a second" "$tmp/a.out" "^pid-twice false .*already registered as srv" 0
check "global.send from another node reaches the process" "$tmp/a.out" "^send-arrived hello arrived$" 0
check "global.send to an unknown name raises, naming it" "$tmp/a.out" "^send-unknown false .*no process is registered globally as nosuch" 0
check "a tuple names a process too (atom\"x\" and \"x\" name the same)" "$tmp/a.out" '^tuple-name true true \{:todo_list, "groceries"\}$' 0
check "re_register_name moves the name everywhere" "$tmp/a.out" "^re-register true true$" 0
check "unregister_name removes it everywhere" "$tmp/a.out" "^unregister true true$" 0
check "two nodes apart, joined by a third: the first to register wins" "$tmp/a.out" "^apart-b true$" 0
check "... and the other is refused, from the third node's copy" "$tmp/a.out" "^apart-c false .*lonely is already registered" 0
check "the race: one winner per round, every node agrees" "$tmp/a.out" "^race $ROUNDS rounds $ROUNDS wins 0 split$" 0
check "a registered name on another node" "$tmp/a.out" "^short-registered true$" 0
check "the name goes everywhere when its process exits" "$tmp/a.out" "^gone-after-exit true$" 0
check "a name registered on d" "$tmp/a.out" "^on-d true$" 0
check "kill -9 of d (while it registers): its names go everywhere" "$tmp/a.out" "^d-names-gone true$" 0
check "and registration still works after the kill" "$tmp/a.out" "^register-after-kill true true$" 0
check "set_lock takes a free lock" "$tmp/a.out" "^set-lock true$" 0
check "set_lock with no retries fails on a held lock" "$tmp/a.out" "^busy-on-b false$" 0
check "trans waits while the lock is held" "$tmp/a.out" "^trans-waits true$" 0
check "and runs once del_lock frees it" "$tmp/a.out" "^trans-after-del inside$" 0
check "trans with few retries on a held lock: aborted" "$tmp/a.out" "^trans-aborted nil aborted$" 0
check "a lock held by a live process blocks another node" "$tmp/a.out" "^held-by-dead false$" 0
check "the lock is released when its holder dies" "$tmp/a.out" "^freed-by-exit true$" 0
check "node.cut splits the cluster" "$tmp/a.out" "^split \[\"$B\"\] \[\"$C\"\]$" 0
check "a cut node is refused until healed, with the reason" "$tmp/a.out" "^refused-while-cut false this node is cut off from $C" 0
check "each half registers the name" "$tmp/a.out" "^register-a-half true$" 0
check "(also the other half)" "$tmp/a.out" "^register-c-half true$" 0
check "after the heal every node has one pid for the name" "$tmp/a.out" "^healed-one-pid true$" 0
check "the default resolver killed the loser" "$tmp/a.out" "^loser-killed true$" 0
check "and the winner lives" "$tmp/a.out" "^winner-alive true$" 0
check "a custom resolver decides (the pid on c stays)" "$tmp/a.out" "^custom-kept-c true$" 0
check "and what it does to the loser happens (told, not killed)" "$tmp/a.out" "^custom-told-loser dup2 true$" 0
check "the default keeps the pid on the node whose name sorts first, as Erlang's" "$tmp/a.out" "^default-kept-first-node true$" 0
check "global.notify_all_name (sent by name): each pid is told of the other" "$tmp/a.out" "^notify-all-told dup3 true$" 0
check "... the name goes everywhere (Erlang's none)" "$tmp/a.out" "^notify-all-name-gone true$" 0
check "... and neither process is killed" "$tmp/a.out" "^notify-all-both-alive true true$" 0
cat "$tmp/a.out" "$tmp/b.out" >"$tmp/ab.txt"
check "the conflict is reported on a node that resolved it" "$tmp/ab.txt" "global: name conflict over \"dup\"" 0
check_not "no Lua error on a" "$tmp/a.out" "error|crashed|TIMEOUT"
finish

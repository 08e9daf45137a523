-- Checks of katas/16_pg_resilient_pubsub.lua (format: katas/README.md).
-- Deaths of both kinds the seeds talk about are made to happen: a
-- subscriber process that crashes (an error, or killed) on a live node,
-- and a whole node killed (a peer of the check's own, so the cluster's
-- peers live on for the other checks). What each subscriber got is told
-- by the subscriber itself, on its node; topics are fresh per check.

local function topic(what) return what .. "_" .. math.random(100000, 999999) end

-- pg runs on node n (the kata is not about starting it).
local function pg_on(n) rpc.call(n, "pg", "start", {}, 1000) end

-- A subscriber on node n: a process there that loads the kata (peers share
-- our filesystem), calls subscribe(t), and tells parent of everything it
-- gets as tuple("got", pid, message); told "crash", it raises an error.
-- Its pid once its own node's pg lists it, or nil and why. (The function
-- travels to n: it uses only its arguments and globals.)
local function subscriber(k, n, t)
  local pid = node.spawn(n, function(path, t, parent)
    if type(subscribe) ~= "function" then dofile(path) end
    local ok, err = pcall(subscribe, t)
    local joined = false
    for _, p in ipairs(pg.get_local_members(t)) do joined = joined or p == self() end
    send(parent, tuple("subscribed", self(), ok, ok and "" or tostring(err), joined))
    while true do
      local m = receive()
      -- its crash report stays on the peer, off the grader's screen
      if m == "crash" then group_leader(whereis("user"), self()); error("subscriber crashed on purpose") end
      send(parent, tuple("got", self(), m))
    end
  end, k.file, t, self())
  if not pid then return nil, "cannot spawn on " .. n end
  local m = receive(tuple("subscribed", pid, ANY, ANY, ANY), 800)
  if m == nil then return nil, "no subscriber on " .. n .. " within 800 ms" end
  if not m[3] then return nil, "subscribe raised on " .. n .. ": " .. m[4] end
  if not m[5] then return nil, "subscribe(topic) returned, but the process is not in pg's group on " .. n end
  return pid
end

-- Subscribers on each node of the list; the pids, or nil and why.
local function subscribers(k, nodes, t)
  local pids = {}
  for i, n in ipairs(nodes) do
    local pid, why = subscriber(k, n, t)
    if not pid then return nil, why end
    pids[i] = pid
  end
  return pids
end

-- Waits (up to about 600 ms) until node n's pg lists want members of t:
-- joins and deaths reach the other nodes a moment later. true, or false
-- and the last count.
local function members_on(n, t, want)
  local got
  for _ = 1, 30 do
    got = rpc.call(n, function(g) return #pg.get_members(g) end, {t}, 500)
    if got == want then return true end
    sleep(20)
  end
  return false, got
end

-- The messages that came within ms, as {pid = count}.
local function deliveries(ms)
  local got = {}
  while true do
    local m = receive(tuple("got", ANY, ANY), ms)
    if m == nil then return got end
    got[m[2]] = (got[m[2]] or 0) + 1
    ms = 100
  end
end

-- publish(t, msg) run on node n must return want and reach exactly the
-- pids in live, once each. true, or false, expected, got.
local function published(k, n, t, live, want)
  local count = k.on(n, "publish", t, "msg-" .. math.random(1000, 9999))
  if count ~= want then
    return false, "publish to return " .. want .. " (the live subscribers)", k.show(count)
  end
  local got = deliveries(300)
  for _, pid in ipairs(live) do
    if got[pid] ~= 1 then
      return false, "the message once at live subscriber " .. k.show(pid), (got[pid] or 0) .. " times"
    end
    got[pid] = nil
  end
  local extra = next(got)
  if extra then return false, "no message for anyone else", "one for " .. k.show(extra) end
  return true
end

-- The one subscriber of t on peer 1 once it is not old (a restarted
-- one, in the group): its pid, or nil after about 800 ms.
local function replaced(k, t, old)
  for _ = 1, 40 do
    local ms = rpc.call(k.node(1), function(g) return pg.get_local_members(g) end, {t}, 500) or {}
    if #ms == 1 and ms[1] ~= old then return ms[1] end
    sleep(20)
  end
end

-- publish(t, text) from peer 2 counts one member, and the subscriber
-- forwards the message to this process (its `to`) once. true, or false,
-- expected, got.
local function forwarded(k, t, text)
  if not members_on(k.node(2), t, 1) then return false, "one member seen from peer 2", "another count" end
  local count = k.on(k.node(2), "publish", t, text)
  if count ~= 1 then return false, "publish to count the one subscriber", k.show(count) end
  if receive(tuple(atom.message, t, text), 500) == nil then
    return false, "the message " .. k.show(text) .. " forwarded to `to`", "nothing within 500 ms"
  end
  if receive(tuple(atom.message, t, text), 100) then return false, "it forwarded once", "twice" end
  return true
end

return {
  title = "pub-sub that survives its members' deaths",
  hint = {"pg keeps the group true: a member that dies leaves by itself. Publish to whom pg lists now; a restarted subscriber must join again.",
          "publish: pg.get_members(topic) at each call; keep_subscribed: trap exits, and the new process calls subscribe."},
  cluster = {peers = 2},
  timeout = 2500,
  checks = {
    {
      name = "subscribe(topic) joins the calling process, seen from every node",
      hint = {"Who must be the member: the process that called subscribe.",
              "pg runs already on each node; pg.join(topic, self()) makes the caller a member."},
      run = function(k)
        pg_on(node.self())
        for i = 1, 2 do pg_on(k.node(i)) end
        local t = topic("news")
        local pid, why = subscriber(k, k.node(1), t)
        if not pid then return false, "a subscriber", why end
        local ok, count = members_on(k.node(2), t, 1)
        if not ok then return false, "1 member seen from peer 2", k.show(count) end
        return true
      end,
    },
    {
      name = "publish(topic, msg) reaches every subscriber on every node, once, and returns how many",
      hint = {"Every member, wherever it runs: the members are pids of many nodes, and a send to a remote pid just works.",
              "for _, pid in ipairs(pg.get_members(topic)): send, and count. is_alive takes pids of this node only: no need to ask, pg lists the living.",
              "local members = pg.get_members(topic); for each: send(pid, tuple(atom.message, topic, message)); return #members"},
      run = function(k)
        local t = topic("sports")
        local pids, why = subscribers(k, {k.node(1), k.node(1), k.node(2), node.self()}, t)
        if not pids then return false, "four subscribers", why end
        if not members_on(k.node(2), t, 4) then return false, "four members seen from peer 2", "fewer" end
        return published(k, k.node(2), t, pids, 4)
      end,
    },
    {
      name = "crashed subscribers leave the group by themselves, and publish skips them",
      hint = {"Does publish use a list of members from before the crash? pg's list changes when a member dies.",
              "Ask pg.get_members at each publish; do not keep your own list or a copy of pg's.",
              "the same publish as before, with nothing cached between calls"},
      run = function(k)
        local t = topic("weather")
        local pids, why = subscribers(k, {k.node(1), k.node(1), k.node(2)}, t)
        if not pids then return false, "three subscribers", why end
        if not members_on(k.node(1), t, 3) then return false, "three members seen from peer 1", "fewer" end
        local ok, e, g = published(k, k.node(1), t, pids, 3)
        if not ok then return false, e, g end
        send(pids[1], "crash")                 -- an error in the subscriber
        exit(pids[3], "kill")                  -- killed
        local gone, count = members_on(k.node(1), t, 1)
        if not gone then return false, "pg to drop both dead members by itself", k.show(count) .. " members" end
        return published(k, k.node(1), t, {pids[2]}, 1)
      end,
    },
    {
      name = "when a subscriber's node dies, publish still reaches every live subscriber",
      timeout = 3000,
      hint = {"A node that dies takes its members with it: pg drops them on every other node. Do you send to whom pg lists now?",
              "No list of your own: pg.get_members(topic) at each publish."},
      run = function(k)
        local t = topic("traffic")
        local h, why = peer.start{name = "n16_" .. math.random(1000, 9999), output = false}
        if not h then return false, "an extra peer node", k.show(why) end
        pg_on(h.node)
        local pids, why2 = subscribers(k, {h.node, h.node, k.node(1)}, t)
        if not pids then pcall(peer.kill, h); return false, "three subscribers", why2 end
        local ok, e, g = true
        if not members_on(k.node(2), t, 3) then ok, e, g = false, "three members seen from peer 2", "fewer"
        else ok, e, g = published(k, k.node(2), t, pids, 3) end
        node.monitor(h.node)
        peer.kill(h)
        if not ok then return false, e, g end
        receive(tuple(atom.nodedown, h.node), 1000)
        local gone, count = members_on(k.node(2), t, 1)
        if not gone then return false, "the dead node's members gone, seen from peer 2", k.show(count) .. " members" end
        return published(k, k.node(2), t, {pids[3]}, 1)
      end,
    },
    {
      name = "keep_subscribed(topic, to): a subscriber that dies is replaced by one that joins again",
      timeout = 3000,
      hint = {"A restarted subscriber is a new process: is the new pid in the group?",
              "The restarter links to its subscriber and traps exits and, on the subscriber's death, starts a new process that calls subscribe(topic) itself.",
              "trap_exit(true); loop: local s = spawn_link(function() subscribe(topic); forward to `to` for ever end); receive the EXIT of s; go round"},
      run = function(k)
        local t = topic("music")
        local sup = k.on(k.node(1), "keep_subscribed", t, self())
        if typeof(sup) ~= "pid" then return false, "the restarter's pid", k.show(sup) end
        local ok, e, g = true
        local s = replaced(k, t)
        if not s then ok, e, g = false, "one subscriber of the topic on peer 1", "none, or more than one"
        else ok, e, g = forwarded(k, t, "first") end
        for _, death in ipairs({"was killed", "exited with a crash"}) do
          if not ok then break end
          exit(s, death == "was killed" and "kill" or "crash")
          s = replaced(k, t, s)
          if not s then ok, e, g = false, "a new subscriber in the group after the last one " .. death, "none joined"
          else ok, e, g = forwarded(k, t, "after one " .. death) end
        end
        exit(sup, "kill")
        return ok, e, g
      end,
    },
    {
      name = "keep_subscribed's subscriber dies with its restarter",
      hint = {"When the restarter is killed, who tells its subscriber? A monitor only tells the one who watches.",
              "A link goes both ways: the restarter's death kills a subscriber linked to it (it does not trap exits); a monitored one lives on, in the group.",
              "start the subscriber with spawn_link from the restarter (which traps exits), not spawn and monitor"},
      run = function(k)
        local t = topic("jazz")
        local sup = k.on(k.node(1), "keep_subscribed", t, self())
        if typeof(sup) ~= "pid" then return false, "the restarter's pid", k.show(sup) end
        local s = replaced(k, t)
        exit(sup, "kill")
        if not s then return false, "one subscriber of the topic on peer 1", "none, or more than one" end
        local gone, count = members_on(k.node(1), t, 0)
        if not gone then
          return false, "no subscriber left in the group once its restarter is killed", k.show(count) .. " member(s) left"
        end
        return true
      end,
    },
  },
}

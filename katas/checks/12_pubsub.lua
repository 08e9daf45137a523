-- Checks of katas/12_pubsub.lua (format: katas/README.md).
-- Subscribers are processes on the peers that call the learner's
-- subscribe there and report what reaches them, so where a message lands
-- is seen by the process it was meant for. pg runs on a peer only once
-- the learner's subscribe has started it (as the seed's does); the first
-- check starts pg here, where nothing subscribes, to watch the groups.
-- Two subscribers share a node (each is a member, not one per node), and
-- one that unsubscribes from a topic stays subscribed to another.

-- A subscriber on node n: a process there that loads the kata (peers
-- share our filesystem), calls subscribe(topic), and then tells parent of
-- everything it gets, as tuple("got", its pid, message); told
-- "unsubscribe", it calls unsubscribe(topic); told tuple("subscribe", t),
-- subscribe(t) (a second topic). Returns its pid once it has
-- subscribed (and its own node's pg lists it: a join shows at once on
-- its own node), or nil and why. (The function travels to n: it uses only
-- its arguments and globals.)
local function subscriber(k, n, topic)
  local pid = node.spawn(n, function(path, topic, parent)
    if type(subscribe) ~= "function" then dofile(path) end
    local ok, err = pcall(subscribe, topic)
    local joined = false
    local ran, local_members = pcall(pg.get_local_members, topic)
    for _, p in ipairs(ran and local_members or {}) do joined = joined or p == self() end
    send(parent, tuple("subscribed", self(), ok, ok and "" or tostring(err), joined))
    while true do
      local m = receive()
      if m == "unsubscribe" then
        local fine, why = pcall(unsubscribe, topic)
        send(parent, tuple("unsubscribed", self(), fine, fine and "" or tostring(why)))
      elseif typeof(m) == "tuple" and m[1] == "subscribe" then   -- a second topic
        local fine, why = pcall(subscribe, m[2])
        send(parent, tuple("subscribed", self(), fine, fine and "" or tostring(why)))
      else
        send(parent, tuple("got", self(), m))
      end
    end
  end, k.file, topic, self())
  if not pid then return nil, "no subscriber process on " .. n end
  local m = receive(tuple("subscribed", pid, ANY, ANY, ANY), 800)
  if m == nil then return nil, "no subscriber on " .. n .. " within 800 ms" end
  if not m[3] then return nil, "subscribe raised on " .. n .. ": " .. m[4] end
  if not m[5] then return nil, "subscribe(topic) returned, but the calling process is not a member of pg's group topic on " .. n end
  return pid
end

-- Waits (up to 300 ms; on one machine it takes a few) until node n's pg
-- lists want members of topic: joins and leaves reach the other nodes
-- asynchronously. Returns true, or false and the last count.
local function members_on(n, topic, want)
  local got
  for _ = 1, 30 do
    got = rpc.call(n, function(t) return #pg.get_members(t) end, {topic})
    if got == want then return true end
    sleep(10)
  end
  return false, got
end

-- The next message a subscriber (from: its pid, or any) told us it got,
-- within ms (300 by default): its pid and the message, or nil.
local function got(from, ms)
  local m = receive(tuple("got", from or ANY, ANY), ms or 300)
  if m then return m[2], m[3] end
end

return {
  title = "pub-sub on process groups",
  hint = {"A topic is a pg group: subscribe joins it, publish sends to every member on every node, unsubscribe leaves it.",
          "pg.join(topic, self()), pg.get_members(topic), pg.leave(topic, self()); pg runs once pg.start() has run on that node."},
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "subscribe(topic) makes the calling process a member of the topic's group",
      hint = {"Which process joins the group: the one that calls subscribe? And does pg run on its node?",
              "pg runs on a node only once pg.start() has run there (Elixir's :pg.start_link(), as the seed's subscribe does); then pg.join the caller's own pid.",
              "pg.start(); return pg.join(topic, self())"},
      run = function(k)
        pg.start()               -- the check watches from here, where nothing subscribes
        local pid, why = subscriber(k, k.node(1), atom.news)
        if not pid then return false, "a subscriber", why end
        local ok = members_on(node.self(), atom.news, 1)
        local ms = pg.get_members(atom.news)
        if not ok or ms[1] ~= pid then
          return false, "pg.get_members(:news) lists the subscriber " .. k.show(pid), k.show(ms)
        end
        return true
      end,
    },
    {
      name = "publish(topic, msg) reaches every subscriber, on every node, as {:message, topic, msg}",
      hint = {"Which members does your publish send to: this node's only, one per node, or every member of the group on every node?",
              "pg.get_members(topic) is every node's members, pg.get_local_members(topic) this node's only; send works the same to a remote pid (no liveness test: is_alive works on local pids only).",
              "for _, pid in ipairs(pg.get_members(topic)) do send(pid, tuple(atom.message, topic, message)) end"},
      run = function(k)
        -- two on peer 1: a node's members are each a member, not one per node
        local subs = {}
        for _, i in ipairs({1, 2, 1}) do
          local pid, why = subscriber(k, k.node(i), atom.sports)
          if not pid then return false, "a subscriber on peer " .. i, why end
          subs[pid] = i
        end
        if not members_on(k.node(2), atom.sports, 3) then
          return false, "three subscribers seen from peer 2", "pg did not list them"
        end
        k.on(k.node(2), "publish", atom.sports, "Breaking: Elixir is awesome!")
        local want = tuple(atom.message, atom.sports, "Breaking: Elixir is awesome!")
        for pid, i in pairs(subs) do
          local _, m = got(pid)
          if m == nil then return false, "the message at each subscriber, " .. k.show(pid) .. " on peer " .. i .. " too", "nothing within 300 ms" end
          local same, w, g = k.same(m, want)
          if not same then return false, w, g end
        end
        return true
      end,
    },
    {
      name = "publish to a topic with no subscriber sends nothing and does not fail",
      hint = {"A group nobody joined has no members: an empty list, not an error.",
              "pg.get_members of an unknown group is {}: the loop sends nothing"},
      run = function(k)
        k.call("publish", atom.nobody_listens, "hello?")
        local _, m = got(nil, 100)
        if m ~= nil then return false, "nothing", k.show(m) end
        return true
      end,
    },
    {
      name = "publish sends to the subscribers of that topic only",
      hint = {"One group per topic: whose members do you send to?",
              "pg.get_members(topic), with the topic you were given"},
      run = function(k)
        local w, why = subscriber(k, k.node(1), atom.weather)
        if not w then return false, "a subscriber to :weather", why end
        local t, why2 = subscriber(k, k.node(2), atom.traffic)
        if not t then return false, "a subscriber to :traffic", why2 end
        if not (members_on(k.node(2), atom.weather, 1) and members_on(k.node(2), atom.traffic, 1)) then
          return false, "both subscribers seen from peer 2", "pg did not list them"
        end
        k.on(k.node(2), "publish", atom.traffic, "jam on the A1")
        if got(t) == nil then return false, "the :traffic subscriber reached", "nothing within 300 ms" end
        local _, other = got(w, 100)
        if other ~= nil then return false, "nothing for the :weather subscriber", k.show(other) end
        return true
      end,
    },
    {
      name = "unsubscribe(topic): the calling process leaves, the others stay, and later messages skip it",
      hint = {"Who leaves, and what: the calling process, or every subscriber of its node? The topic given, or every topic?",
              "pg.leave(topic, pids) takes out exactly the pids it is given: the caller's own",
              "return pg.leave(topic, self())"},
      run = function(k)
        local a = subscriber(k, k.node(1), atom.music)
        local b = subscriber(k, k.node(2), atom.music)
        local c = subscriber(k, k.node(1), atom.music)
        if not (a and b and c) then return false, "three subscribers", "they did not subscribe" end
        send(a, tuple("subscribe", atom.jazz))      -- a listens to another topic too
        local j = receive(tuple("subscribed", a, ANY, ANY), 500)
        if j == nil or not j[3] then return false, "a subscribe to a second topic", j and j[4] or "no answer" end
        send(a, "unsubscribe")
        local m = receive(tuple("unsubscribed", a, ANY, ANY), 500)
        if m == nil or not m[3] then return false, "unsubscribe to return", m and m[4] or "no answer" end
        local left, count = members_on(k.node(2), atom.music, 2)
        if not left then
          return false, "two members left, seen from peer 2", k.show(count) .. " members"
        end
        k.on(k.node(2), "publish", atom.music, "encore")
        local reached = {}
        for _ = 1, 3 do
          local pid = got(nil, 200)
          if pid == nil then break end
          reached[pid] = true
        end
        if reached[a] then return false, "no message for the one that left", "it got one" end
        if not (reached[b] and reached[c]) then
          return false, "the message at both who stayed (one on each peer)",
            (reached[b] and "" or "peer 2's ") .. (reached[c] and "" or "peer 1's other ") .. "subscriber got nothing"
        end
        if not members_on(k.node(2), atom.jazz, 1) then
          return false, "the one that left :music still in :jazz, seen from peer 2", "it is not"
        end
        k.on(k.node(2), "publish", atom.jazz, "swing")
        if got(a) == nil then return false, "the message to :jazz at the one that left :music only", "nothing within 300 ms" end
        return true
      end,
    },
    {
      name = "a subscriber that dies is dropped from the topic, and one that subscribes later is reached",
      hint = {"Who keeps the list of subscribers up to date? A process that dies leaves its groups by itself; a list kept aside does not follow.",
              "Join the subscriber itself (no stand-in process that outlives it), and look the members up at each publish: pg.get_members is always current."},
      run = function(k)
        local a = subscriber(k, k.node(1), atom.alerts)
        local b = subscriber(k, k.node(2), atom.alerts)
        if not (a and b) then return false, "two subscribers", "they did not subscribe" end
        if not members_on(k.node(2), atom.alerts, 2) then
          return false, "two subscribers seen from peer 2", "pg did not list them"
        end
        k.on(k.node(2), "publish", atom.alerts, "first")
        for _ = 1, 2 do got(nil, 300) end
        exit(a, "kill")
        local dropped, count = members_on(k.node(2), atom.alerts, 1)
        if not dropped then
          return false, "one member left once the subscriber on peer 1 died, seen from peer 2",
            k.show(count) .. " members"
        end
        local c = subscriber(k, k.node(1), atom.alerts)
        if not c or not members_on(k.node(2), atom.alerts, 2) then
          return false, "a new subscriber on peer 1, seen from peer 2", "pg did not list it"
        end
        k.on(k.node(2), "publish", atom.alerts, "second")
        local reached = {}
        for _ = 1, 2 do
          local pid = got(nil, 200)
          if pid == nil then break end
          reached[pid] = true
        end
        if not reached[c] then return false, "the message at the subscriber that came later", "nothing" end
        if not reached[b] then return false, "the message at peer 2's subscriber", "nothing" end
        return true
      end,
    },
  },
}

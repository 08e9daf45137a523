-- Checks of katas/12_pubsub.lua (format: katas/README.md).

-- A subscriber on node n: a process there that loads the kata (peers
-- share our filesystem), calls subscribe(topic), and then tells parent of
-- everything it gets, as tuple("got", node, message); told "unsubscribe",
-- it calls unsubscribe(topic). Returns its pid once it has subscribed
-- (and its own node's pg lists it), or nil and why. (The function travels to n: it uses only its arguments and
-- globals.)
local function subscriber(k, n, topic)
  local pid = node.spawn(n, function(path, topic, parent)
    if type(subscribe) ~= "function" then dofile(path) end
    local ok, err = pcall(subscribe, topic)
    local joined = false               -- a join shows at once on its own node
    for _, p in ipairs(pg.get_local_members(topic)) do joined = joined or p == self() end
    send(parent, tuple("subscribed", self(), ok, ok and "" or tostring(err), joined))
    while true do
      local m = receive()
      if m == "unsubscribe" then
        local fine, why = pcall(unsubscribe, topic)
        send(parent, tuple("unsubscribed", self(), fine, fine and "" or tostring(why)))
      else
        send(parent, tuple("got", node.self(), m))
      end
    end
  end, k.file, topic, self())
  local m = receive(tuple("subscribed", pid, ANY, ANY, ANY), 800)
  if m == nil then return nil, "no subscriber on " .. n .. " within 800 ms" end
  if not m[3] then return nil, "subscribe raised on " .. n .. ": " .. m[4] end
  if not m[5] then return nil, "subscribe(topic) returned, but the process is not a member of pg's group topic on " .. n end
  return pid
end

-- Waits (up to 300 ms; on one machine it takes a few) until node n's pg
-- lists want members of topic: joins and leaves reach the other nodes
-- asynchronously.
local function members_on(n, topic, want)
  local got
  for _ = 1, 30 do
    got = rpc.call(n, function(t) return #pg.get_members(t) end, {topic})
    if got == want then return true end
    sleep(10)
  end
  return false, got
end

local function got(from, ms)
  local m = receive(tuple("got", from or ANY, ANY), ms or 300)
  return m and m[3]
end

return {
  title = "pub-sub on process groups",
  hint = "A topic is a pg group: subscribe joins it, publish sends to pg.get_members(topic), unsubscribe leaves it.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "subscribe(topic) makes the calling process a member of the topic's group",
      hint = "pg.start(); pg.join(topic, self())",
      run = function(k)
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
      hint = "for _, pid in ipairs(pg.get_members(topic)) do send(pid, tuple(atom.message, topic, message)) end",
      run = function(k)
        for i = 1, 2 do
          local pid, why = subscriber(k, k.node(i), atom.sports)
          if not pid then return false, "a subscriber on peer " .. i, why end
        end
        if not members_on(k.node(2), atom.sports, 2) then
          return false, "two subscribers seen from peer 2", "pg did not list them"
        end
        k.on(k.node(2), "publish", atom.sports, "Breaking: Elixir is awesome!")
        local want = tuple(atom.message, atom.sports, "Breaking: Elixir is awesome!")
        for i = 1, 2 do
          local m = got(k.node(i))
          if m == nil then return false, "the message at peer " .. i .. "'s subscriber", "nothing within 300 ms" end
          local same, w, g = k.same(m, want)
          if not same then return false, w, g end
        end
        return true
      end,
    },
    {
      name = "publish to a topic with no subscriber sends nothing and does not fail",
      run = function(k)
        k.call("publish", atom.nobody_listens, "hello?")
        local m = got(nil, 100)
        if m ~= nil then return false, "nothing", k.show(m) end
        return true
      end,
    },
    {
      name = "publish sends to the subscribers of that topic only",
      run = function(k)
        local w, why = subscriber(k, k.node(1), atom.weather)
        if not w then return false, "a subscriber to :weather", why end
        local t, why2 = subscriber(k, k.node(2), atom.traffic)
        if not t then return false, "a subscriber to :traffic", why2 end
        if not (members_on(k.node(2), atom.weather, 1) and members_on(k.node(2), atom.traffic, 1)) then
          return false, "both subscribers seen from peer 2", "pg did not list them"
        end
        k.on(k.node(2), "publish", atom.traffic, "jam on the A1")
        local m = got(k.node(2))
        if m == nil then return false, "the :traffic subscriber reached", "nothing within 300 ms" end
        local other = got(k.node(1), 100)
        if other ~= nil then return false, "nothing for the :weather subscriber", k.show(other) end
        return true
      end,
    },
    {
      name = "unsubscribe(topic): the process leaves, and later messages skip it",
      hint = "pg.leave(topic, self())",
      run = function(k)
        local a = subscriber(k, k.node(1), atom.music)
        local b = subscriber(k, k.node(2), atom.music)
        if not (a and b) then return false, "two subscribers", "they did not subscribe" end
        send(a, "unsubscribe")
        local m = receive(tuple("unsubscribed", a, ANY, ANY), 500)
        if m == nil or not m[3] then return false, "unsubscribe to return", m and m[4] or "no answer" end
        local left, count = members_on(k.node(2), atom.music, 1)
        if not left then
          return false, "one member left, seen from peer 2", k.show(count) .. " members"
        end
        k.on(k.node(2), "publish", atom.music, "encore")
        local first = receive(tuple("got", ANY, ANY), 300)
        if first == nil then return false, "the message at the one still subscribed", "nothing" end
        if first[2] ~= k.node(2) then return false, "only peer 2's subscriber reached", "peer 1's got it" end
        local extra = got(nil, 100)
        if extra ~= nil then return false, "no message for the one that left", k.show(extra) end
        return true
      end,
    },
  },
}

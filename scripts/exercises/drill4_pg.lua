-- Learning exercises, Drill 4: process groups with pg (seed
-- 004_01a4f6805bed991c.txt). Both nodes start pg and join their shells to
-- workers; any node lists both members and can send to all of them. Then
-- the PubSub module on pg: subscribe, publish, unsubscribe.
-- Elixir -> Lua: :pg.start_link() is pg.start() (the default scope: no
-- scope runs until started, as in Elixir; a second call says it is
-- already running); :pg.join(:workers, self()) is
-- pg.join("workers", self()), which returns true for :ok (a string group is an atom on the wire, so
-- an Erlang node's :workers is the same group); :pg.get_members(:workers)
-- is pg.get_members("workers"); for pid <- list do send(...) end is a
-- for loop over ipairs. Atoms in messages are atom.x: {:message, :news,
-- text} is tuple(atom.message, atom.news, text).
--   repl scripts/exercises/drill4_pg.lua                 runs it by itself
--   repl --sname node1 -i scripts/exercises/drill4_pg.lua   the guide
local drill = require "repl.drill"

local function at(name) return name .. "@" .. drill.host() end

-- The PubSub module, typed on both nodes.
local PUBSUB = [[
PubSub = {}
function PubSub.subscribe(topic)
  pg.start()
  return pg.join(topic, self())
end
function PubSub.publish(topic, message)
  for _, pid in ipairs(pg.get_members(topic)) do
    send(pid, tuple(atom.message, topic, message))
  end
end
function PubSub.unsubscribe(topic)
  return pg.leave(topic, self())
end]]

-- Waits (up to a second) until this node's pg lists n members of group:
-- joins spread to the other nodes asynchronously.
local function wait_members(group, n)
  return ("for _ = 1, 100 do if #pg.get_members(%s) == %d then break end sleep(10) end"):format(group, n)
end

drill.run {
  title = "Learning exercises, Drill 4: process groups with pg",
  seed = "004_01a4f6805bed991c.txt, Drill 4",
  nodes = { "node1", "node2" },
  steps = {
    { say = "Connect the nodes.",
      on = "node2", type = [[node.connect("node1@HOST")]], expect = "true",
      check = function(ok) return ok == true end },
    { say = "Start pg on node1 (:pg.start_link()): its process, as {:ok, pid}. Until then pg.join fails, saying so.",
      on = "node1", type = [[pg.start()]], expect = [[<0.NN.0>]],
      check = function(p) return typeof(p) == "pid" end },
    { say = "And on node2.",
      on = "node2", type = [[pg.start()]], expect = [[<0.NN.0>]],
      check = function(p) return typeof(p) == "pid" end },
    { say = "Join the shell process to workers on node1.",
      on = "node1", type = [[pg.join("workers", self())]], expect = "true (Erlang's :ok)",
      check = function(r) return r == true end },
    { say = "And on node2.",
      on = "node2", type = [[pg.join("workers", self())]], expect = "true (Erlang's :ok)",
      check = function(r) return r == true end },
    { say = "Get all members from any node: node1 lists both shells, its own and node2's (joins reach other nodes asynchronously, so we wait for the second).",
      on = "node1", type = wait_members([["workers"]], 2) .. "\n" .. [[return pg.get_members("workers")]],
      expect = "[<N.NN.0>, <0.NN.0>] (N not 0): node2's shell and ours",
      check = function(l)
        if type(l) ~= "table" or #l ~= 2 then return false end
        local n1, n2 = node_of(l[1]), node_of(l[2])
        return (n1 == at("node1") and n2 == at("node2")) or (n1 == at("node2") and n2 == at("node1"))
      end },
    { say = "Send to all members.",
      on = "node1", type = [[
for _, pid in ipairs(pg.get_members("workers")) do
  send(pid, tuple(atom.broadcast, "Hello everyone"))
end]], check = function() return true end },
    { say = "node1's shell got it...",
      on = "node1", type = [[flush()]], output = [[{:broadcast, "Hello everyone"}]] },
    { say = "...and so did node2's.",
      on = "node2", type = [[flush()]], output = [[{:broadcast, "Hello everyone"}]] },
    { say = "Build a pub-sub system: the PubSub module, on node1...",
      on = "node1", type = PUBSUB, check = function() return true end },
    { say = "...and on node2.",
      on = "node2", type = PUBSUB, check = function() return true end },
    { say = "node1 subscribes to :news.",
      on = "node1", type = [[PubSub.subscribe(atom.news)]], expect = "true (Erlang's :ok)",
      check = function(r) return r == true end },
    { say = "node2 subscribes too (we wait until node2 sees both subscribers before publishing).",
      on = "node2", type = [[PubSub.subscribe(atom.news)]] .. "\n" .. wait_members("atom.news", 2)
        .. "\nreturn #pg.get_members(atom.news)",
      expect = "2", check = function(n) return n == 2 end },
    { say = "node2 publishes.",
      on = "node2", type = [[PubSub.publish(atom.news, "Breaking: Elixir is awesome!")]],
      check = function() return true end },
    { say = "Both nodes receive the message: node1...",
      on = "node1", type = [[flush()]], output = [[{:message, :news, "Breaking: Elixir is awesome!"}]] },
    { say = "...and node2.",
      on = "node2", type = [[flush()]], output = [[{:message, :news, "Breaking: Elixir is awesome!"}]] },
    { say = "node1 unsubscribes.",
      on = "node1", type = [[PubSub.unsubscribe(atom.news)]], expect = "true (Erlang's :ok)",
      check = function(r) return r == true end },
    { say = "node2 publishes again, once it sees node1 gone from the group.",
      on = "node2", type = wait_members("atom.news", 1) .. "\n"
        .. [[PubSub.publish(atom.news, "Only for those still listening")]] .. "\nreturn #pg.get_members(atom.news)",
      expect = "1", check = function(n) return n == 1 end },
    { say = "node1's shell got nothing this time (receive with a timeout: nil when nothing came)...",
      on = "node1", type = [[receive(200)]], expect = "nil",
      check = function(...) return select("#", ...) == 0 or (...) == nil end },
    { say = "...while node2 did.",
      on = "node2", type = [[receive(1000)]], expect = [[{:message, :news, "Only for those still listening"}]],
      check = function(m) return typeof(m) == "tuple" and m[3] == "Only for those still listening" end },
  },
}

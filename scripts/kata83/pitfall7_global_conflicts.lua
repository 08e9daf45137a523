-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 7: global name
-- conflicts. The cluster singleton pattern (`case :global.register_name(
-- :singleton, self()) do :yes -> run; :no -> :already_running end`) runs
-- twice while the cluster is split: each half's registration succeeds.
-- When the halves meet again, global keeps one and (with the default
-- resolver, random_exit_name) kills the other, whatever it was doing.
-- Horde, the seed's advice, is an Elixir library we do not have; global's
-- third argument, the resolver, is the tool here (global.notify_all_name
-- tells both instead of killing).
local drill = require "repl.drill"

local alive = {}   -- node -> whether its singleton survived

drill.run {
  title = "Kata 83, pitfall 7: global name conflicts after a split",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 7 and Pattern 3 (cluster singleton)",
  nodes = { "alice", "bob" },
  steps = {
    { say = "The singleton pattern, on both nodes.",
      on = "alice", type = [[function start_singleton()
  local s = spawn(function() receive() end)     -- the work it would do
  if global.register_name("singleton", s) then return s end
  exit(s, "kill")
  return "already_running"
end
return node.connect("bob@HOST")]], expect = "true", check = "true" },
    { on = "bob", type = [[function start_singleton()
  local s = spawn(function() receive() end)
  if global.register_name("singleton", s) then return s end
  exit(s, "kill")
  return "already_running"
end]] },
    { say = "Connected, the pattern works: alice's runs, bob's sees it running.",
      on = "alice", type = [[mine = start_singleton()
return typeof(mine)]], expect = [["pid"]], check = [["pid"]] },
    { on = "bob", type = [[start_singleton()]], expect = [["already_running"]], check = [["already_running"]] },
    { say = "The split (node.cut, our teaching primitive).",
      on = "bob", type = [[node.cut("alice@HOST")]], expect = "true", check = "true" },
    { say = "bob's half sees no singleton and starts one: now two run.",
      on = "bob", type = [[mine = start_singleton()
return typeof(mine)]], expect = [["pid"]], check = [["pid"]] },
    { say = "The halves meet again; global resolves the conflict.",
      on = "bob", type = [[node.heal()
node.connect("alice@HOST")
global.sync()
return is_alive(mine)]], expect = "true or false: one of the two is killed",
      check = function(a) alive.bob = a; return type(a) == "boolean" end },
    { on = "alice", type = [[is_alive(mine)]], expect = "the opposite of bob's",
      check = function(a) alive.alice = a; return a ~= alive.bob, "expected exactly one survivor" end },
    { say = "Both agree on the one that stayed.",
      on = "alice", type = [[node_of(global.whereis_name("singleton"))]],
      expect = "the survivor's node",
      check = function(n) return n == (alive.alice and "alice@" or "bob@") .. drill.host() end },
  },
}

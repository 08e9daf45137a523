-- Kata 83 (seed 000_d3057ad8855411e3.txt), :global: a name unique across
-- the cluster. :global.register_name(:my_service, self()) is
-- global.register_name("my_service", self()) (true/false for :yes/:no);
-- :global.whereis_name returns the pid or nil (:undefined);
-- :global.unregister_name. GenServer.start_link(MyServer, arg, name:
-- {:global, :my_service}) is server.start(callbacks, arg, {global =
-- "my_service"}), and GenServer.call({:global, :my_service}, :get_state)
-- is server.call({global = "my_service"}, atom.get_state).
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: :global registration",
  seed = "000_d3057ad8855411e3.txt, Global Process Registration / :global",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[node.connect("bob@HOST")]], expect = "true", check = "true" },
    { say = "alice registers her shell cluster-wide.",
      on = "alice", type = [[global.register_name("my_service", self())]], expect = "true", check = "true" },
    { say = "The name is taken for everyone: bob cannot have it.",
      on = "bob", type = [[global.register_name("my_service", self())]], expect = "false, and why", check = "false" },
    { say = "bob looks it up: a pid of alice's.",
      on = "bob", type = [[node_of(global.whereis_name("my_service"))]], expect = [["alice@HOST"]], check = [["alice@HOST"]] },
    { on = "alice", type = [[global.unregister_name("my_service")]], expect = "true", check = "true" },
    { say = "Gone everywhere (:undefined is nil).",
      on = "bob", type = [[global.whereis_name("my_service")]], expect = "nil", check = "nil" },
    { say = "A server under a global name, on bob (name: {:global, :my_service})...",
      on = "bob", type = [[server.start({handle_call = function(req, from, state) return state, state end},
  {answer = 42}, {global = "my_service"})]],
      expect = "a pid", check = function(p) return typeof(p) == "pid" end },
    { say = "...called from alice by its global name alone.",
      on = "alice", type = [[server.call({global = "my_service"}, atom.get_state)]], expect = "{answer = 42}", check = "{answer = 42}" },
  },
}

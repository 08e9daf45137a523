-- Kata 83 (seed 000_d3057ad8855411e3.txt), GenServer calls across nodes:
-- GenServer.call({:my_server, :bob@hostname}, :get_state). Our server
-- module speaks gen_server's protocol: server.start(callbacks, arg, {name
-- = "my_server"}) on bob, server.call(tuple("my_server", "bob@HOST"),
-- atom.get_state) from alice. handle_call returns reply, state (Elixir's
-- {:reply, reply, state}).
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: GenServer.call across nodes",
  seed = "000_d3057ad8855411e3.txt, Remote Communication (GenServer calls also work across nodes)",
  nodes = { "alice", "bob" },
  steps = {
    { say = "On bob, a server named my_server whose state is a count of calls.",
      on = "bob", type = [[my_server = {
  init = function(arg) return arg end,
  handle_call = function(req, from, state)
    if req == atom.get_state then return state, state end
    if req == atom.bump then return state + 1, state + 1 end
  end,
}
return server.start(my_server, 0, {name = "my_server"})]],
      expect = "a pid", check = function(p) return typeof(p) == "pid" end },
    { say = "From alice, by {name, node}.",
      on = "alice", type = [[server.call(tuple("my_server", "bob@HOST"), atom.get_state)]], expect = "0", check = "0" },
    { on = "alice", type = [[server.call(tuple("my_server", "bob@HOST"), atom.bump)]], expect = "1", check = "1" },
    { say = "bob's own call sees the same state: there is one server, on bob.",
      on = "bob", type = [[server.call("my_server", atom.get_state)]], expect = "1", check = "1" },
  },
}

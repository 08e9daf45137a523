-- Blog post on nodes (seed 003_4ff887acd7f7b2dc.txt): sending messages
-- between nodes. Process.register(self(), :second) is register("second",
-- self()); send({:second, :"second@Codys-MBP"}, :hello) is
-- send(tuple("second", "second@HOST"), atom.hello); flush() prints what
-- the shell's mailbox holds. Our flush() returns nothing where iex's says
-- :ok.
local drill = require "repl.drill"

drill.run {
  title = "Blog: sending messages between nodes",
  seed = "003_4ff887acd7f7b2dc.txt, Sending messages between Nodes",
  nodes = { "first", "second" },
  steps = {
    { say = "Connect first to second.",
      on = "first", type = [[node.connect("second@HOST")]], expect = "true", check = "true" },
    { say = "On second, register the shell process as :second (Process.register/2).",
      on = "second", type = [[register("second", self())]], expect = "true", check = "true" },
    { say = "From first, send :hello to {:second, :\"second@HOST\"}; send returns the message.",
      on = "first", type = [[send(tuple("second", "second@HOST"), atom.hello)]],
      expect = ":hello", check = function(m) return m == atom.hello end },
    { say = "On second, flush() shows the message that arrived.",
      on = "second", type = [[flush()]], expect = ":hello printed", output = ":hello" },
  },
}

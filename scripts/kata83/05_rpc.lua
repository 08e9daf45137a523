-- Kata 83 (seed 000_d3057ad8855411e3.txt), :rpc.call/4,5 and :rpc.cast/4.
-- :rpc.call(:bob@hostname, String, :upcase, ["hello"]) is
-- rpc.call("bob@HOST", "string", "upper", {"hello"}): a module is a global
-- Lua table. Enum.sum([1, 2, 3]) has no Lua twin, so it is a function of
-- ours, sent along. Elixir's default timeout is :infinity; ours is no limit
-- too, so give one. rpc.cast returns true at once; IO.puts there is print
-- in a function, and its line shows on the caller's terminal (the group
-- leader), as Erlang's does.
local drill = require "repl.drill"

drill.run {
  title = "Kata 83: rpc call and cast",
  seed = "000_d3057ad8855411e3.txt, Remote Communication / :rpc.call/4",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[rpc.call("bob@HOST", "string", "upper", {"hello"})]],
      expect = [["HELLO"]], check = [["HELLO"]] },
    { say = "With a timeout of 5000 ms: the sum of {1, 2, 3}, computed on bob.",
      on = "alice", type = [[sum = function(list) local s = 0 for _, x in ipairs(list) do s = s + x end return s end
return rpc.call("bob@HOST", sum, {{1, 2, 3}}, 5000)]],
      expect = "6", check = "6" },
    { say = "Where it ran: on bob.",
      on = "alice", type = [[rpc.call("bob@HOST", function() return node.self() end, {}, 5000)]],
      expect = [["bob@HOST"]], check = [["bob@HOST"]] },
    { say = "Fire and forget: rpc.cast returns true at once.",
      on = "alice", type = [[rpc.cast("bob@HOST", function() print("fire and forget") end)]],
      expect = "true, and the line fire and forget", check = "true", output = "fire and forget" },
    { say = "A node that is not there: nil and {:badrpc, :nodedown}.",
      on = "alice", type = [[rpc.call("nobody@HOST", "string", "upper", {"hello"}, 5000)]],
      expect = "nil, {:badrpc, :nodedown}", check = "nil, {:badrpc, :nodedown}" },
  },
}

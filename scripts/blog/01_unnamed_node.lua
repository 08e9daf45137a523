-- Blog post on nodes (seed 003_4ff887acd7f7b2dc.txt): the unnamed node.
-- `iex` with no name is :nonode@nohost, not alive, cookie :nocookie; `iex
-- --sname first_node` is alive, named first_node@<host>, with a cookie.
-- Elixir's Node.alive?/Node.self/Node.get_cookie are node.alive(),
-- node.self() and node.get_cookie(); atoms come back as Lua strings.
-- A drill's nodes are started named, so first_node steps out of the
-- distribution for one input (node.stop(), as `repl` with no --sname would
-- be) and comes back with node.start: in one step, since its link to the
-- drill is the distribution itself.
local drill = require "repl.drill"

drill.run {
  title = "Blog: a node with no name is a lone wolf",
  seed = "003_4ff887acd7f7b2dc.txt, Connecting to local nodes",
  nodes = { "first_node" },
  steps = {
    { say = "Without a name (plain `repl`, as plain `iex`) a node is not alive, is called nonode@nohost and has no cookie. We stop first_node's distribution for a moment to see it, then name it again.",
      on = "first_node", type = [[
node.stop()
unnamed = {node.alive(), node.self(), node.get_cookie()}
node.start("first_node")
return unnamed]],
      expect = [=[[false, "nonode@nohost", "nocookie"]]=],
      check = function(t)
        return type(t) == "table" and t[1] == false and t[2] == "nonode@nohost" and t[3] == "nocookie"
      end },
    { say = "With a name (repl --sname first_node) the node is alive.",
      on = "first_node", type = [[node.alive()]], expect = "true", check = "true" },
    { say = "Its full name is the short name, @, and this machine's short host name.",
      on = "first_node", type = [[node.self()]], expect = [["first_node@HOST"]],
      check = [["first_node@HOST"]] },
    { say = "And now it has a cookie (the funky atom of the post; a string here).",
      on = "first_node", type = [[node.get_cookie()]], expect = "a string of capital letters, such as \"NESPJGXVMYBEVJMCBECR\"",
      check = function(c) return type(c) == "string" and c ~= "nocookie" and #c > 0 end },
  },
}

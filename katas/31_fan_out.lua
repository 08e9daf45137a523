-- Kata 31: fan-out to all nodes (kata 83, Pattern 2)
--
-- From the seeds: kata 83's "Common Patterns", Pattern 2 "Fan-out to All
-- Nodes" (000): every node runs a process registered locally as
-- my_server; broadcast sends one message to each of them, this node's
-- included, by {name, node} (no pid needed).
--
-- Do:
--   1. broadcast(message): send message to the process registered as
--      "my_server" on this node and on every node in node.list(). Ask
--      node.list() at each call: nodes join and leave. A node without a
--      my_server just drops the message, as in Erlang (send to a
--      {name, node} never raises).
-- Check with: repl --check katas/31_fan_out.lua
-- (the checks start two peer nodes and a my_server on the nodes they use)
--
-- Elixir (what the seed shows)              Lua (this shell)
--   def broadcast(message) do                 function broadcast(message)
--     for node <- [Node.self() | Node.list()]   for _, n in ipairs({node.self(), table.unpack(node.list())}) do
--     do                                          send(tuple("my_server", n), message)
--       send({:my_server, node}, message)       end
--     end                                     end
--   end
-- {:my_server, node} is tuple("my_server", n) (or tuple(atom.my_server, n):
-- the same name); [a | list] has no operator in Lua: build the list.

-- TODO 1: one message to my_server on each node, this one included.
function broadcast(message)
end

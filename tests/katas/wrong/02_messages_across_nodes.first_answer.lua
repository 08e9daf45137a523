-- wrong: one receive takes the answers of every process at once
-- fails: everywhere(nodes) hears from every node, this one too
-- (send_to and hello_from are the reference's; everywhere is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../02_messages_across_nodes.lua")

function everywhere(nodes)
  local caller = self()
  for _, n in ipairs(nodes) do
    node.spawn(n, function() send(caller, tuple(atom.hello, node.self())) end)
  end
  local m = receive(tuple(atom.hello, ANY), 1000)
  return m and {m[2]} or {}
end

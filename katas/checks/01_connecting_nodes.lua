-- Checks of katas/01_connecting_nodes.lua (format: katas/README.md).
-- Two peers start unconnected; each check makes the connections it needs
-- itself, so that each tests one function.

local function has(list, x)
  for _, v in ipairs(type(list) == "table" and list or {}) do
    if v == x then return true end
  end
  return false
end

local function sorted(t)
  table.sort(t)
  return t
end

-- Waits up to ms for node n to be in node.list() (connections of the mesh
-- are made in the background).
local function await_node(n, ms)
  node.monitor_nodes(true)
  local seen = has(node.list(), n)
  if not seen then
    seen = receive(function(m) return m == tuple(atom.nodeup, n) end, ms) ~= nil
  end
  node.monitor_nodes(false)
  return seen
end

return {
  title = "connecting nodes",
  hint = "Every function here is one or two calls of the node module: h(node) lists it.",
  cluster = {peers = 2, connect = false},
  checks = {
    {
      name = "join(n) connects to a running node and returns true",
      hint = "node.connect(n) is Node.connect/1; return what it returns",
      run = function(k)
        local got = k.call("join", k.node(1))
        if got ~= true then return false, "true", k.show(got) end
        return has(node.list(), k.node(1)), "node.list() holds " .. k.node(1),
          "node.list() is " .. k.show(node.list())
      end,
    },
    {
      name = "join(n) of a node that is not running returns false and why",
      hint = "node.connect returns false and a reason: return both (return node.connect(n))",
      run = function(k)
        local nobody = "nobody_" .. k.peers[1].os_pid .. "@" .. node.self():match("@(.*)")
        local ok, why = k.call("join", nobody)
        return ok == false and type(why) == "string", "false, \"<a reason>\"",
          k.show(ok) .. ", " .. k.show(why)
      end,
    },
    {
      name = "members() lists this node and its connected nodes, sorted",
      hint = "node.list(\"this\") is {node.self()}; add node.list()'s names, then table.sort",
      run = function(k)
        node.connect(k.node(1))
        return k.same(k.call("members"), sorted(node.list("known")))
      end,
    },
    {
      name = "join on a peer, then here: the full mesh brings the third node",
      hint = "the check runs your join on " .. "peer 1; make join return node.connect's result",
      timeout = 2500,
      run = function(k)
        node.disconnect(k.node(2))
        local got = k.on(k.node(1), "join", k.node(2))
        if got ~= true then return false, "join on peer 1 returns true", k.show(got) end
        node.connect(k.node(1))
        if not await_node(k.node(2), 2000) then
          return false, k.node(2) .. " in node.list()", k.show(node.list())
        end
        return k.same(k.call("members"), sorted({node.self(), k.node(1), k.node(2)}))
      end,
    },
    {
      name = "leave(n) disconnects: n is gone from node.list()",
      hint = "node.disconnect(n) is Node.disconnect/1",
      run = function(k)
        node.connect(k.node(1))
        local got = k.call("leave", k.node(1))
        if got ~= true then return false, "true", k.show(got) end
        return not has(node.list(), k.node(1)), "node.list() without " .. k.node(1),
          k.show(node.list())
      end,
    },
  },
}

-- Checks of katas/05_hidden_nodes.lua (format: katas/README.md).
-- Peer 2 is hidden (its connection to this node is hidden at both ends);
-- peers 1 and 4 are visible and connected; peer 3 is visible and
-- connected to no one until bridge connects it. What a node is connected
-- to is asked of that node itself.

local lib = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local eventually = dofile(lib .. "eventually.lua")
local mesh = dofile(lib .. "mesh.lua")

local function sorted(t) table.sort(t); return t end

-- node.list(kind) on node m, asked through node via (rpc from here
-- would connect this node to m, and so make what it looks for)
local function list_on(m, kind, via)
  return rpc.call(via, function(n, kd) return rpc.call(n, node.list, {kd}, 1000) end, {m, kind}, 1500)
end

local function has(list, n)
  for _, x in ipairs(type(list) == "table" and list or {}) do
    if x == n then return true end
  end
  return false
end

return {
  title = "hidden nodes",
  hint = {"A hidden node's connections are hidden at both ends, and nothing meshes through it.",
          "node.list() is the visible nodes; node.list(\"hidden\") the hidden ones; node.list(\"connected\") both"},
  cluster = {peers = {{}, {hidden = true}, {connect = false}, {}}},
  checks = {
    {
      name = "everyone() lists every node this node is connected to, hidden ones too",
      hint = {"node.list() is only the visible nodes: a hidden node is connected, and not in it.",
              "node.list(\"connected\") is the visible and the hidden ones",
              "local all = node.list(\"connected\"); table.sort(all); return all"},
      run = function(k)
        return k.same(k.call("everyone"), sorted({k.node(1), k.node(2), k.node(4)}))
      end,
    },
    {
      name = "everyone() on the hidden node lists the node it is connected to",
      hint = {"On a hidden node every connection is hidden: its own node.list() is empty, as Node.list() on iex --hidden is.",
              "node.list(\"connected\") has them, whatever their kind"},
      run = function(k)
        return k.same(k.on(k.node(2), "everyone"), {node.self()})
      end,
    },
    {
      name = "kind_of(n) says visible, hidden or none, and connects nothing",
      hint = {"Only look at the connections you have: node.ping and rpc connect first, and then the answer is \"visible\".",
              "node.list() has the visible nodes, node.list(\"hidden\") the hidden ones; in neither: \"none\""},
      run = function(k)
        for i, want in ipairs({"visible", "hidden", "none"}) do
          local got = k.call("kind_of", k.node(i))
          if got ~= want then return false, "kind_of(peer " .. i .. ") = " .. k.show(want), k.show(got) end
        end
        if has(node.list("connected"), k.node(3)) then
          return false, "no connection to " .. k.node(3) .. " after asking", "kind_of connected to it"
        end
        return true
      end,
    },
    {
      name = "cluster_view(n) on the hidden node is n's cluster as n sees it, without the hidden node",
      hint = {"The hidden node's own lists are not the cluster: it is connected to the nodes it talked to, and to no others.",
              "ask n: rpc.call(n, node.list, {}) runs node.list() there, and the hidden node is not in it",
              "n itself, then what n's node.list() returns; sorted"},
      run = function(k)
        -- peers 1 and 4 meet each other a moment after they start
        if not mesh(k, {1, 4}) then return false, "peers 1 and 4 to see each other", "they did not within a second" end
        local want = sorted({node.self(), k.node(1), k.node(4)})
        return k.same(k.on(k.node(2), "cluster_view", k.node(1)), want)
      end,
    },
    {
      name = "bridge(a, b) on the hidden node connects a and b to each other",
      hint = {"Nothing meshes through a hidden node: connecting it to both a and b connects neither to the other.",
              "one of them must connect to the other: have a do it, by rpc",
              "rpc.call(a, node.connect, {b})"},
      timeout = 2000,
      run = function(k)
        local a, b = k.node(3), node.self()
        local got = k.on(k.node(2), "bridge", a, b)
        if got ~= true then return false, "true", k.show(got) end
        local ok = eventually(k, true, function()
          return has(node.list(), a) and has(list_on(a, "visible", k.node(2)), b)
        end)
        if not ok then
          return false, a .. " and " .. b .. " in each other's node.list()",
                 b .. " lists " .. k.show(node.list()) .. "; " .. a .. " lists " .. k.show(list_on(a, "visible", k.node(2)))
        end
        if has(list_on(a, "visible", k.node(2)), k.node(2)) then
          return false, "the hidden node out of " .. a .. "'s node.list()", "it is in it"
        end
        return true
      end,
    },
  },
}

-- Checks of katas/04_per_node_cookies.lua (format: katas/README.md).
-- Peer 1 has this node's cookie and is connected; peers 2, 3 and 4 each
-- have a cookie of their own, made up at each run, and are not connected
-- to anyone. Whether a connection is up is asked of the other node too,
-- not only of this one.

math.randomseed(os.time() + _peer.getpid())
local function secret(tag) return tag .. "_" .. string.format("%08x", math.random(0, 0x7fffffff)) end
local COOKIE = {nil, secret("two"), secret("three"), secret("four")}

-- Does node m list node n among its connected nodes?
local function lists(m, n)
  local list = m == node.self() and node.list() or rpc.call(m, node.list, {}, 1000)
  for _, x in ipairs(type(list) == "table" and list or {}) do
    if x == n then return true end
  end
  return false
end

-- n is connected to this node, seen from both ends; or false, want, got.
local function connected_both_ways(n)
  if not lists(node.self(), n) then return false, n .. " in node.list()", "it is not there" end
  if not lists(n, node.self()) then return false, n .. " to list this node", "it does not" end
  return true
end

-- The nodes among want that do not see n, or that n does not see.
local function apart_from(n, want)
  local apart = {}
  for _, m in ipairs(want) do
    if not (lists(m, n) and lists(n, m)) then apart[#apart + 1] = m end
  end
  return apart
end

local eventually = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/eventually.lua")

return {
  title = "cookies, one per node",
  hint = {"A node's cookie is what it expects of everyone; a per-node cookie is what you use for one node.",
          "node.set_cookie(n, cookie) for node n only; node.set_cookie(cookie) changes your own"},
  cluster = {peers = {{}, {cookie = COOKIE[2], connect = false},
                      {cookie = COOKIE[3], connect = false}, {cookie = COOKIE[4], connect = false}}},
  checks = {
    {
      name = "connect_with_cookie(n, its cookie) connects to a node whose cookie is not ours",
      hint = {"Pitfall 2: with different cookies nodes do not connect, and nothing raises. Tell this node n's cookie first.",
              "node.set_cookie(n, cookie) is the cookie used for n alone; then node.connect(n)",
              "node.set_cookie(n, cookie); return node.connect(n) == true"},
      run = function(k)
        local got = k.call("connect_with_cookie", k.node(2), COOKIE[2])
        if got ~= true then return false, "true", k.show(got) end
        return connected_both_ways(k.node(2))
      end,
    },
    {
      name = "connect_with_cookie leaves this node's own cookie as it was",
      hint = {"Your own cookie is what every node you talk to expects of you: change it, and the nodes that still have it cannot reach you.",
              "node.set_cookie(cookie) with one argument changes your own cookie; give the node too"},
      run = function(k)
        local ours = rpc.call(k.node(1), node.get_cookie, {}, 1000)   -- peer 1 started with ours
        k.call("connect_with_cookie", k.node(2), COOKIE[2])
        if node.get_cookie() ~= ours then
          return false, "node.get_cookie() as it was (the cookie peer 1 shares with us)", "it is now " .. k.show(node.get_cookie())
        end
        if node.get_cookie(k.node(1)) ~= ours then
          return false, "the cookie for peer 1 as it was", k.show(node.get_cookie(k.node(1)))
        end
        return true
      end,
    },
    {
      name = "connect_with_cookie with a wrong cookie returns false, without an error, and does not connect",
      hint = {"A wrong cookie is no error: node.connect says false (and why), and nothing raises.",
              "look at what node.connect returns; pcall would say true, since nothing was raised",
              "return node.connect(n) == true"},
      run = function(k)
        local got = k.call("connect_with_cookie", k.node(3), "not_" .. COOKIE[3])
        if got ~= false then return false, "false", k.show(got) end
        if lists(node.self(), k.node(3)) then return false, "no connection to " .. k.node(3), "it is connected" end
        return true
      end,
    },
    {
      name = "introduce(n, cookie) joins n to every node of the cluster",
      hint = {"When you connect to n, the nodes you are connected to try to reach n too, each with the cookie it has for n: only you know it.",
              "tell every node of node.list() n's cookie (rpc.call(m, node.set_cookie, {n, cookie})) before the connections are made",
              "each of them can then node.connect(n) itself (by rpc), and so can you"},
      timeout = 2000,
      run = function(k)
        local n = k.node(3)
        local want = {node.self()}
        for _, m in ipairs(node.list()) do if m ~= n then want[#want + 1] = m end end
        local got = k.call("introduce", n, COOKIE[3])
        if got ~= true then return false, "true", k.show(got) end
        local ok, _, apart = eventually(k, {}, function() return apart_from(n, want) end)
        if not ok then
          return false, "every node of the cluster and " .. n .. " connected both ways",
                 "not connected to it: " .. apart
        end
        return true
      end,
    },
    {
      name = "connect_from_file(n, path) reads a cookie file as erl does: one line, without its newline",
      hint = {"A cookie file holds one line; the newline that ends it is not part of the cookie.",
              "io.open(path):read(\"l\") reads a line without its newline",
              "node.set_cookie(n, that line), then node.connect(n)"},
      run = function(k)
        local path = k.dir() .. "/four.cookie"
        local f = assert(io.open(path, "w"))
        f:write(COOKIE[4], "\n")
        f:close()
        local got = k.call("connect_from_file", k.node(4), path)
        if got ~= true then return false, "true", k.show(got) end
        return connected_both_ways(k.node(4))
      end,
    },
  },
}

-- Checks of katas/01_connecting_nodes.lua (format: katas/README.md).
-- Three peers start unconnected, the third hidden (a monitoring tool, as
-- kata 83 has it): connected, but not visible, so that members() built
-- from the wrong node.list kind and a leave(n) that drops more than n are
-- seen. Each check makes the connections it needs itself, so that each
-- tests one function. Disconnecting a visible node of a full mesh is not
-- used to test what happens to the others: OTP 25's global then drops
-- the others too (prevent_overlapping_partitions, as erl shows); a
-- hidden node is outside that, and its connections to other nodes are
-- looked at from there (leave(n) must leave n's own alone). The mesh
-- check makes the connection it tests a new one (see apart below).

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

-- Waits up to ms until node n is out of node.list(kind).
local function await_gone(n, kind, ms)
  for _ = 1, ms // 10 do
    if not has(node.list(kind), n) then return true end
    sleep(10)
  end
  return not has(node.list(kind), n)
end

-- Disconnects node n from this node and from peer 1 (and again, should
-- global connect them back: it may, after a connection it made a moment
-- before, as erl's does), so that a join of n on peer 1 makes a new
-- connection, whose mesh brings n here. True once n is in neither list.
local function apart(k, n)
  for _ = 1, 5 do
    rpc.call(k.node(1), node.disconnect, {n}, 500)
    node.disconnect(n)
    if await_gone(n, "connected", 200) and not has(rpc.call(k.node(1), node.list, {}, 500), n) then
      return true
    end
  end
  return false
end

-- This node and the visible ones, sorted: Node.list([:this, :visible]).
local function cluster_now()
  local all = {node.self()}
  for _, n in ipairs(node.list()) do all[#all + 1] = n end
  return sorted(all)
end

return {
  title = "connecting nodes",
  hint = {"Every function here is one or two calls of the node module: h(node) lists it.",
          "node.list takes one kind at a time: \"this\", \"visible\" (the default), \"hidden\", \"connected\", \"known\"."},
  cluster = {peers = {{}, {}, {hidden = true}}, connect = false},
  checks = {
    {
      name = "join(n) connects to a running node and returns true",
      hint = {"Which Node function makes a connection, and what does it return?",
              "node.connect(n) is Node.connect/1; return what it returns"},
      run = function(k)
        local got = k.call("join", k.node(1))
        if got ~= true then return false, "true", k.show(got) end
        if not has(node.list(), k.node(1)) then
          return false, "node.list() holds " .. k.node(1), "node.list() is " .. k.show(node.list())
        end
        local there = rpc.call(k.node(1), node.list, {}, 500)
        return has(there, node.self()), k.node(1) .. "'s node.list() holds " .. node.self(),
          k.show(there)
      end,
    },
    {
      name = "join(n) of a node that is not running returns false and why",
      hint = {"A connection can fail: does your join say so, and why?",
              "node.connect returns false and a reason (node.ping says only pang): return both",
              "return node.connect(n)"},
      run = function(k)
        local nobody = "nobody_" .. k.peers[1].os_pid .. "@" .. node.self():match("@(.*)")
        local ok, why = k.call("join", nobody)
        return ok == false and type(why) == "string", "false, \"<a reason>\"",
          k.show(ok) .. ", " .. k.show(why)
      end,
    },
    {
      name = "members() is this node and the visible nodes, sorted: no hidden node, no node gone",
      hint = {"Node.list([:this, :visible]): which kinds are those? A hidden node is connected but not visible; a known node may be gone.",
              "node.list() alone leaves this node out; \"connected\" adds hidden nodes; \"known\" adds hidden ones and those that were connected once.",
              "node.list(\"this\") is {node.self()}; add node.list()'s names (the visible ones), then table.sort"},
      run = function(k)
        node.connect(k.node(1))
        node.connect(k.node(3))                   -- hidden: connected, not a member
        node.connect(k.node(2))                   -- then gone: known, not a member
        global.sync()
        node.disconnect(k.node(2))
        if not await_gone(k.node(2), "connected", 500) then
          return false, k.node(2) .. " disconnected (the check's own setup)", k.show(node.list())
        end
        if not has(node.list("hidden"), k.node(3)) then
          return false, "the hidden " .. k.node(3) .. " connected (the check's own setup)", k.show(node.list("hidden"))
        end
        local got = k.call("members")
        return k.same(got, cluster_now())
      end,
    },
    {
      name = "join on a peer, then here: the full mesh brings the third node",
      hint = {"Connecting to one node of a cluster connects to all its visible nodes: is your join's result what the check sees?",
              "the check runs your join on peer 1; make join return node.connect's result"},
      timeout = 2500,
      run = function(k)
        if not apart(k, k.node(2)) then
          return false, k.node(2) .. " connected to nobody (the check's own setup)", "it stayed connected"
        end
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
      name = "leave(n) drops the connection to n only: the other nodes stay connected",
      hint = {"Disconnecting one node is not leaving the cluster, nor making n leave it: which connections does your leave close?",
              "node.disconnect(n) is Node.disconnect/1: it closes this node's connection to n, and only that one; n's connections to other nodes are n's."},
      timeout = 2000,
      run = function(k)
        node.connect(k.node(1))
        node.connect(k.node(3))
        -- n's own connections are n's: the hidden peer 3 also talks to peer 1
        if rpc.call(k.node(3), node.connect, {k.node(1)}, 500) ~= true then
          return false, k.node(3) .. " connected to " .. k.node(1) .. " (the check's own setup)", "it did not connect"
        end
        local visible = node.list()
        local got = k.call("leave", k.node(3))
        if got ~= true then return false, "leave returns true", k.show(got) end
        if has(node.list("connected"), k.node(3)) then
          return false, k.node(3) .. " disconnected", "it is still in node.list(\"hidden\")"
        end
        for _, n in ipairs(visible) do
          if not has(node.list(), n) then
            return false, "still connected to " .. n .. " after leave(" .. k.node(3) .. ")",
              "node.list() is " .. k.show(node.list())
          end
        end
        -- (asked after the look at node.list(): an rpc would connect again)
        local theirs = rpc.call(k.node(1), node.list, {"hidden"}, 500)
        if not has(theirs, k.node(3)) then
          return false, k.node(3) .. " still connected to " .. k.node(1) .. " (leave(n) closes this node's connection to n, not n's others)",
            k.node(1) .. "'s node.list(\"hidden\") is " .. k.show(theirs)
        end
        node.connect(k.node(3))
        got = k.call("leave", k.node(1))
        if got ~= true then return false, "leave returns true", k.show(got) end
        if has(node.list(), k.node(1)) then
          return false, "node.list() without " .. k.node(1), k.show(node.list())
        end
        if not has(node.list("hidden"), k.node(3)) then
          return false, "the hidden " .. k.node(3) .. " still connected after leave(" .. k.node(1) .. ")",
            "node.list(\"hidden\") is " .. k.show(node.list("hidden"))
        end
        return true
      end,
    },
    {
      name = "after leave(n), join(n) connects again: a disconnect is not a ban",
      hint = {"Node.disconnect closes a connection; does it forbid the next one? In Erlang a later connect (or send) connects again.",
              "node.disconnect, not node.cut: a cut keeps n out until node.heal."},
      run = function(k)
        node.connect(k.node(1))
        local got = k.call("leave", k.node(1))
        if got ~= true then return false, "leave returns true", k.show(got) end
        local ok, why = k.call("join", k.node(1))
        if ok ~= true then return false, "join(n) true after leave(n)", k.show(ok) .. ", " .. k.show(why) end
        return has(node.list(), k.node(1)), k.node(1) .. " in node.list()", k.show(node.list())
      end,
    },
  },
}

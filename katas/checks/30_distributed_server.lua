-- Checks of katas/30_distributed_server.lua (format: katas/README.md).

local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

return {
  title = "a distributed server (kata 83, Pattern 1)",
  hint = "server.start(callbacks, arg, {global = name}) names the server cluster-wide; server.call({global = name}, req) reaches it from any node.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "start_link(opts) starts a server whose global name is opts.name",
      hint = "server.start(DistributedWorker, opts, {global = opts.name}) returns the pid once init has run",
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        local pid = k.call("start_link", {name = "w1", count = 7})
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        local named = global.whereis_name("w1")
        if named ~= pid then
          return false, "global.whereis_name(\"w1\") is the pid start_link returned", k.show(named)
        end
        return true
      end,
    },
    {
      name = "get_state(name) here answers with the opts the server started with",
      hint = "init(opts) returns opts (the state); handle_call(atom.get_state, from, s) returns s, s",
      run = function(k)
        return k.same(k.call("get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "get_state(name) from another node reaches the same server",
      hint = "server.call({global = name}, atom.get_state): the global name is known on every node",
      run = function(k)
        return k.same(k.on(k.node(1), "get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "a second start_link under the same name, on another node, fails",
      hint = "return what server.start returns: nil and why when the name is taken",
      run = function(k)
        local pid = k.on(k.node(2), "start_link", {name = "w1", count = 0})
        if pid ~= nil then return false, "nil (the name w1 is taken cluster-wide)", k.show(pid) end
        return k.same(k.on(k.node(2), "get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "a server started on another node is reached here by its name",
      run = function(k)
        local pid = k.on(k.node(2), "start_link", {name = "w2", on = "peer 2"})
        if typeof(pid) ~= "pid" or node_of(pid) ~= k.node(2) then
          return false, "a pid on " .. k.node(2), k.show(pid)
        end
        return k.same(k.call("get_state", "w2"), {name = "w2", on = "peer 2"})
      end,
    },
    {
      name = "start_link with no name uses \"DistributedWorker\"",
      hint = "local name = opts.name or \"DistributedWorker\" (Keyword.get(opts, :name, __MODULE__))",
      run = function(k)
        local pid = k.on(k.node(1), "start_link", {size = 3})
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        if global.whereis_name("DistributedWorker") ~= pid then
          return false, "the server named \"DistributedWorker\"", k.show(global.whereis_name("DistributedWorker"))
        end
        return k.same(k.call("get_state", "DistributedWorker"), {size = 3})
      end,
    },
  },
}

-- Checks of katas/30_distributed_server.lua (format: katas/README.md).
-- Besides reaching the server from any node: start_link races on three
-- nodes at once for the same names, and the last check kills peer 2 while
-- a get_state to its server is under way.

local LIB = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local mesh = dofile(LIB .. "mesh.lua")
local background = dofile(LIB .. "background.lua")
local at = dofile(LIB .. "at.lua")
local name_of = at.name

-- fname(...) run on node i (0: here) from a process of its own; its
-- answer comes to the caller as tuple("ran", key, i, ok, result).
local function run_at(k, key, i, fname, ...)
  local me, args = self(), table.pack(...)
  spawn(function()
    local ok, r = pcall(at, k, i, fname, table.unpack(args, 1, args.n))
    send(me, tuple("ran", key, i, ok, r))
  end)
end

return {
  title = "a distributed server (kata 83, Pattern 1)",
  hint = {"One name for the whole cluster, given when the server starts, and a call by that name.",
          "server.start(callbacks, arg, {global = name}) names the server cluster-wide; server.call({global = name}, req) reaches it from any node."},
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "start_link(opts) starts a server whose global name is opts.name",
      hint = {"a name every node knows: the global registry, not this node's",
              "server.start(DistributedWorker, opts, {global = opts.name}) returns the pid once init has run"},
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
      hint = {"the server's state is what init returned; a call answers from it",
              "init(opts) returns opts (the state); handle_call(atom.get_state, from, s) returns s, s"},
      run = function(k)
        return k.same(k.call("get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "get_state(name) from another node reaches the same server",
      hint = {"the other node has no server of its own: the call must reach this one, by its global name",
              "server.call({global = name}, atom.get_state): the global name is known on every node"},
      run = function(k)
        return k.same(k.on(k.node(1), "get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "a second start_link under the same name, on another node, fails",
      hint = {"a global name is taken for the whole cluster, whichever node asks",
              "return what server.start returns: nil and why when the name is taken"},
      run = function(k)
        local pid = k.on(k.node(2), "start_link", {name = "w1", count = 0})
        if pid ~= nil then return false, "nil (the name w1 is taken cluster-wide)", k.show(pid) end
        return k.same(k.on(k.node(2), "get_state", "w1"), {name = "w1", count = 7})
      end,
    },
    {
      name = "a server started on another node is reached here by its name",
      hint = {"the name leads to the server wherever it runs",
              "get_state(name) is server.call({global = name}, atom.get_state), on any node"},
      run = function(k)
        local pid = k.on(k.node(2), "start_link", {name = "w2", on = "peer 2"})
        if typeof(pid) ~= "pid" or node_of(pid) ~= k.node(2) then
          return false, "a pid on " .. k.node(2), k.show(pid)
        end
        return k.same(k.call("get_state", "w2"), {name = "w2", on = "peer 2"})
      end,
    },
    {
      name = "after w2's server dies, a new one started under w2 on another node is the one get_state reaches",
      hint = {"a name stands for whichever process holds it now: a pid remembered from before may be dead",
              "ask global for the name at each call, not once: the server behind a name can change",
              "get_state is server.call({global = name}, atom.get_state): server.call looks the name up each time"},
      run = function(k)
        local old = global.whereis_name("w2")
        if old == nil then return false, "w2's server running (see the check before)", "none" end
        exit(old, "kill")
        for _ = 1, 100 do
          if global.whereis_name("w2") == nil and rpc.call(k.node(1), global.whereis_name, {"w2"}, 500) == nil then break end
          sleep(10)
        end
        local tag = math.random(1, 1e9)
        local pid = k.on(k.node(1), "start_link", {name = "w2", on = "peer 1", tag = tag})
        if typeof(pid) ~= "pid" or node_of(pid) ~= k.node(1) then
          return false, "a new w2 on " .. k.node(1), k.show(pid)
        end
        return k.same(k.call("get_state", "w2"), {name = "w2", on = "peer 1", tag = tag})
      end,
    },
    {
      name = "get_state to a server that crashes during the call (its node alive) fails at once, not hanging",
      hint = {"a process can die while its node lives on: watching the node does not see that",
              "a call monitors the process it waits for: a DOWN ends it, whether the process crashed or its node died",
              "get_state is server.call({global = name}, atom.get_state): it monitors the server while it waits"},
      timeout = 2000,
      run = function(k)
        -- a server on peer 1 that takes the request and dies without an answer
        local name = "fragile " .. math.random(1, 1e9)
        local pid = rpc.call(k.node(1), function(nm)
          local me = self()
          local p = spawn(function()
            global.register_name(nm, self())
            send(me, "registered")
            receive()
            group_leader(whereis("user"), self())   -- its crash report stays on the peer
            error("crashed while answering")
          end)
          receive("registered", 1000)
          return p
        end, {name}, 1500)
        if typeof(pid) ~= "pid" then return false, "a process on " .. k.node(1), k.show(pid) end
        for _ = 1, 100 do
          if global.whereis_name(name) == pid then break end
          sleep(10)
        end
        local job = background(k.call, "get_state", name)
        local ok, v = background.result(job, 1000)
        if ok == nil then
          return false, "get_state to end (an error) once the server crashed, its node still up", "it was still waiting 1 s later"
        end
        if ok then return false, "an error (the server died without answering)", "an answer: " .. k.show(v) end
        return true
      end,
    },
    {
      name = "start_link with no name uses \"DistributedWorker\"",
      hint = {"Keyword.get(opts, :name, __MODULE__): a default when opts has no name",
              "local name = opts.name or \"DistributedWorker\""},
      run = function(k)
        local pid = k.on(k.node(1), "start_link", {size = 3})
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        if global.whereis_name("DistributedWorker") ~= pid then
          return false, "the server named \"DistributedWorker\"", k.show(global.whereis_name("DistributedWorker"))
        end
        return k.same(k.call("get_state", "DistributedWorker"), {size = 3})
      end,
    },
    {
      name = "start_link on three nodes at once, for five names: one server per name, nil for the others",
      hint = {"check-then-register is a race: several nodes can find the name free at once",
              "only registering decides: a server started first and registered after may lose, and is not the named one",
              "let server.start register the name ({global = name}): it starts the server only when the name was free"},
      timeout = 2500,
      run = function(k)
        for i = 1, 2 do k.on(k.node(i), "type", 0) end      -- the kata loaded there first
        local names, got, count = {}, {}, 0
        for j = 1, 5 do
          names[j] = "race " .. j .. " " .. math.random(1, 1e9)
          got[names[j]] = {}
        end
        for _, name in ipairs(names) do
          for i = 0, 2 do
            run_at(k, name, i, "start_link", {name = name, by = name_of(k, i)})
            count = count + 1
          end
        end
        for _ = 1, count do
          local m = receive(tuple("ran", ANY, ANY, ANY, ANY), 2000)
          if m == nil then return false, count .. " answers from start_link", "fewer within 2 s" end
          if not m[4] then return false, "start_link to return", "error on " .. name_of(k, m[3]) .. ": " .. tostring(m[5]) end
          if m[5] ~= nil then got[m[2]][#got[m[2]] + 1] = m[5] end
        end
        for _, name in ipairs(names) do
          local pids, named = got[name], global.whereis_name(name)
          if #pids ~= 1 then
            return false, "one pid for " .. name .. " (nil from the two other nodes)", k.show(pids)
          end
          if pids[1] ~= named then
            return false, "the pid returned is the one named " .. name .. ": " .. k.show(named), k.show(pids[1])
          end
          local state = k.call("get_state", name)
          if type(state) ~= "table" or state.by ~= node_of(named) then
            return false, "the named server's state: the opts its own node started it with (by = " .. node_of(named) .. ")", k.show(state)
          end
        end
        return true
      end,
    },
    {
      name = "get_state to a server whose node dies during the call fails at once, not hanging",
      hint = {"a call watches the server it waits for: its death is an answer too",
              "server.call monitors the server, so a dead server (its node gone) ends the call with an error at once; a send and a receive with no monitor waits for ever",
              "get_state is server.call({global = name}, atom.get_state)"},
      timeout = 2500,
      run = function(k)
        local pid = k.on(k.node(2), "start_link", {name = "doomed", on = "peer 2"})
        if typeof(pid) ~= "pid" or node_of(pid) ~= k.node(2) then
          return false, "a server named doomed on " .. k.node(2), k.show(pid)
        end
        -- peer 2 stopped (SIGSTOP: it can answer nothing), then killed
        os.execute("kill -STOP " .. k.peers[2].os_pid)
        local job = background(k.call, "get_state", "doomed")
        sleep(200)                              -- the call is under way
        local early = background.done(job)
        peer.kill(k.peers[2])
        if early then
          local ok, v = background.result(job, 0)
          return false, "no answer from a stopped server", (ok and "an answer: " .. k.show(v) or "an error before its node died: " .. tostring(v))
        end
        if background.result(job, 1000) == nil then
          return false, "get_state to end (an error) within 1 s of the server's node dying", "it was still waiting"
        end
        return true
      end,
    },
  },
}

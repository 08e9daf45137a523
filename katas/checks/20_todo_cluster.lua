-- Checks of katas/20_todo_cluster.lua (format: katas/README.md). Peer 1
-- plays the seed's node1, peer 2 its node2; this node is in the cluster
-- too. The last check kills peer 2.

local dir        -- the folder PERSIST names on every node, made once

local function T_(name) return tuple(atom.todo_list, name) end
local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

-- PERSIST set to our folder on every node; the peers connected to each
-- other too and global synced (lib/mesh.lua).
local function setup(k)
  if dir then return dir end
  local tmp = os.tmpname()
  os.remove(tmp)
  os.execute("mkdir -p '" .. tmp .. "'")
  dir = tmp
  PERSIST = dir
  for i = 1, 2 do rpc.call(k.node(i), function(d) PERSIST = d end, {dir}) end
  mesh(k)
  return dir
end

local function path(n, key) return dir .. "/" .. n .. "/" .. key end

-- The text of a file, or nil when there is none.
local function read(p)
  local f = io.open(p)
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- The file holds text (nil: it must not exist); false and why otherwise.
local function file_has(p, text)
  local s = read(p)
  if text == nil then
    if s ~= nil then return false, "no file " .. p, "there is one" end
    return true
  end
  if s == nil then return false, "a file " .. p, "none" end
  if not s:find(text, 1, true) then return false, p .. " holding " .. text, s end
  return true
end

-- pid is a process of node n; else false, what was wanted, what came.
local function pid_on(k, pid, n, what)
  if typeof(pid) == "pid" and node_of(pid) == n then return true end
  return false, what .. " on " .. n, k.show(pid)
end

local function where_on(n, name)
  return rpc.call(n, function(x) return global.whereis_name(x) end, {T_(name)})
end

return {
  title = "the Distributed Todo Cluster",
  hint = "Step by step: a server named {todo_list, name}; whereis_name or start; store_local per node, store on all with rpc.multicall.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "store_local(key, data) writes PERSIST/<node>/key on the node that runs it, and get(key) reads it back there",
      hint = "the folder is PERSIST .. \"/\" .. node.self(); os.execute(\"mkdir -p '...'\"), io.open(path, \"w\")",
      run = function(k)
        setup(k)
        k.on(k.node(1), "store_local", "groceries", {"milk", "eggs"})
        local ok, want, got = file_has(path(k.node(1), "groceries"), "milk")
        if not ok then return false, want, got end
        ok, want, got = file_has(path(k.node(2), "groceries"), nil)
        if not ok then return false, want, got end
        return k.same(k.on(k.node(1), "get", "groceries"), {"milk", "eggs"})
      end,
    },
    {
      name = "get(key) is nil on a node that has no such file",
      run = function(k)
        setup(k)
        local v = k.on(k.node(2), "get", "groceries")
        if v ~= nil then return false, "nil", k.show(v) end
        return true
      end,
    },
    {
      name = "store(key, data) writes the file on every node of the cluster, this one included",
      hint = "rpc.multicall(store_local, {key, data}) runs on this node and every node in node.list()",
      run = function(k)
        setup(k)
        k.on(k.node(1), "get", "nothing")       -- the kata loaded on peer 1 too
        k.on(k.node(2), "store", "bakery", {"bread"})
        for _, n in ipairs({k.node(1), k.node(2), node.self()}) do
          local ok, want, got = file_has(path(n, "bakery"), "bread")
          if not ok then return false, want, got end
        end
        return k.same(k.on(k.node(1), "get", "bakery"), {"bread"})
      end,
    },
    {
      name = "todo_start(name) starts a server there, registered globally as {todo_list, name}",
      hint = "server.start(callbacks, name, {global = tuple(atom.todo_list, name)})",
      run = function(k)
        setup(k)
        local pid = k.on(k.node(1), "todo_start", "Alice")
        local ok, want, got = pid_on(k, pid, k.node(1), "a server")
        if not ok then return false, want, got end
        local seen = where_on(k.node(2), "Alice")
        if seen ~= pid then return false, k.node(2) .. " finds it under {:todo_list, \"Alice\"}", k.show(seen) end
        return true
      end,
    },
    {
      name = "add_entry(pid, entry) then entries(pid): the server keeps the entry",
      hint = "a cast tuple(atom.add_entry, entry): handle_cast appends it and returns the state; a call atom.entries: handle_call returns the entries, state",
      run = function(k)
        setup(k)
        local pid = global.whereis_name(T_("Alice"))
        if pid == nil then return false, "Alice's server (see the check before)", "none" end
        k.call("add_entry", pid, "Dentist")
        return k.same(k.call("entries", pid), {"Dentist"})
      end,
    },
    {
      name = "a second todo_start(\"Alice\"), on another node, gets nil: the name is taken",
      run = function(k)
        setup(k)
        local first = global.whereis_name(T_("Alice"))
        if first == nil then return false, "Alice's server running (see todo_start's check)", "none" end
        local pid = k.on(k.node(2), "todo_start", "Alice")
        if pid ~= nil then return false, "nil", k.show(pid) end
        if global.whereis_name(T_("Alice")) ~= first then
          return false, "the first server keeps the name", k.show(global.whereis_name(T_("Alice")))
        end
        return true
      end,
    },
    {
      name = "server_process(name) finds the running server from another node",
      hint = "global.whereis_name(tuple(atom.todo_list, name)) first",
      run = function(k)
        setup(k)
        local first = global.whereis_name(T_("Alice"))
        if first == nil then return false, "Alice's server running", "none" end
        return k.same(k.on(k.node(2), "server_process", "Alice"), first)
      end,
    },
    {
      name = "server_process(name) on two nodes at once: one server, the same pid for both",
      hint = "when todo_start returns nil, another node won: return global.whereis_name(...) again",
      run = function(k)
        setup(k)
        local me = self()
        for i = 1, 2 do
          spawn(function()
            local ok, pid = pcall(k.on, k.node(i), "server_process", "Carol")
            send(me, tuple("raced", i, ok and pid or nil))
          end)
        end
        local got = {}
        for _ = 1, 2 do
          local m = receive(tuple("raced", ANY, ANY), 1500)
          if m == nil then return false, "two answers", "fewer within 1500 ms" end
          got[m[2]] = m[3]
        end
        if typeof(got[1]) ~= "pid" then return false, "a pid from each node", k.show(got[1]) end
        if got[1] ~= got[2] then return false, "the same pid twice", k.show(got[1]) .. " and " .. k.show(got[2]) end
        local named = global.whereis_name(T_("Carol"))
        if named ~= got[1] then return false, "the pid named {:todo_list, \"Carol\"}", k.show(named) end
        return true
      end,
    },
    {
      name = "the cluster: Bob made on node2 with an entry; the file is in node1's folder and node2's",
      hint = "add_entry's server calls store(name, entries): store_local on every node",
      run = function(k)
        setup(k)
        local pid = k.on(k.node(2), "server_process", "Bob")
        local ok, want, got = pid_on(k, pid, k.node(2), "Bob's server")
        if not ok then return false, want, got end
        k.on(k.node(2), "add_entry", pid, "Dentist")
        local list = k.on(k.node(2), "entries", pid)     -- after the cast and its store
        local same, w, g = k.same(list, {"Dentist"})
        if not same then return false, w, g end
        for i = 1, 2 do
          local ok, want, got = file_has(path(k.node(i), "Bob"), "Dentist")
          if not ok then return false, want, got end
        end
        return true
      end,
    },
    {
      name = "failover: node2 killed, server_process(\"Bob\") on node1 starts Bob there with the entry from node1's disk",
      hint = "todo_start's init reads get(name): node1's own copy of the file",
      timeout = 2500,
      run = function(k)
        setup(k)
        local function finish(...) os.execute("rm -rf '" .. dir .. "'"); return ... end
        if where_on(k.node(1), "Bob") == nil then
          return finish(false, "Bob's server running (see the check before)", "none")
        end
        require("repl.peer").kill(k.peers[2])
        for _ = 1, 100 do
          if where_on(k.node(1), "Bob") == nil then break end
          sleep(10)
        end
        local pid = k.on(k.node(1), "server_process", "Bob")
        local ok, want, got = pid_on(k, pid, k.node(1), "a new Bob server")
        if not ok then return finish(false, want, got) end
        return finish(k.same(k.on(k.node(1), "entries", pid), {"Dentist"}))
      end,
    },
  },
}

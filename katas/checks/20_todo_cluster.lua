-- Checks of katas/20_todo_cluster.lua (format: katas/README.md). Peer 1
-- plays the seed's node1, peer 2 its node2; this node is in the cluster
-- too. Every node works in a folder of its own (k.dir), as on machines of
-- their own: PERSIST ("persist") is relative, so node n's files are
-- k.dir(i)/persist/n/, and a file that the wrong node wrote is not there.
-- The last check kills peer 2.

local LIB = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local mesh = dofile(LIB .. "mesh.lua")
local pause = dofile(LIB .. "pause.lua")
local background = dofile(LIB .. "background.lua")
local at = dofile(LIB .. "at.lua")

local function T_(name) return tuple(atom.todo_list, name) end

-- The nodes by index: 0 is this node, i peer i.
local name_of = at.name

-- Where node i keeps key: in its own folder, under its own name.
local function path(k, i, key)
  return k.dir(i ~= 0 and i or nil) .. "/persist/" .. name_of(k, i) .. "/" .. key
end

local function label(i) return i == 0 and "this node's folder" or ("peer " .. i .. "'s folder") end

-- The text of a file, or nil when there is none.
local function read(p)
  local f = io.open(p)
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- Node i's own file for key holds text (nil: there must be none); false,
-- what was wanted and what is there otherwise.
local function file_has(k, i, key, text)
  local s = read(path(k, i, key))
  local where = label(i) .. " (persist/" .. name_of(k, i) .. "/" .. key .. ")"
  if text == nil then
    if s ~= nil then return false, "no file " .. key .. " in " .. where, "there is one" end
    return true
  end
  if s == nil then return false, "the file " .. key .. " in " .. where, "none there" end
  if not s:find(text, 1, true) then return false, where .. " holding " .. text, s end
  return true
end

-- Every node in nodes holds key's file with text.
local function all_have(k, nodes, key, text)
  for _, i in ipairs(nodes) do
    local ok, want, got = file_has(k, i, key, text)
    if not ok then return false, want, got end
  end
  return true
end

-- pid is a process of node n; else false, what was wanted, what came.
local function pid_on(k, pid, n, what)
  if typeof(pid) == "pid" and node_of(pid) == n then return true end
  return false, what .. " on " .. n, k.show(pid)
end

local function where_on(n, name)
  return rpc.call(n, function(x) return global.whereis_name(x) end, {T_(name)}, 1000)
end

-- A value nobody can guess: an entry that only one node's disk will have.
local function fresh(what) return what .. " " .. math.random(1, 1e9) end

-- A process that waits for "go", adds entry to pid's list with the
-- learner's add_entry, then asks entries(pid) (a call after its cast is
-- handled after it), and tells parent tuple("added", entry, ok, why). It
-- travels to other nodes: it uses only its arguments and globals.
local function adder(path, parent, pid, entry)
  if type(_G.add_entry) ~= "function" then dofile(path) end
  receive("go")
  local ok, why = pcall(function() add_entry(pid, entry); entries(pid) end)
  send(parent, tuple("added", entry, ok, ok and "" or tostring(why)))
end

local setup_done = false
local function setup(k)
  if not setup_done then setup_done = mesh(k) end
  return setup_done
end

return {
  title = "the Distributed Todo Cluster",
  hint = {"Four steps: a globally named server, find-or-start, a store per node, store on all nodes.",
          "server.start(..., {global = tuple(atom.todo_list, name)}); global.whereis_name; store_local writes PERSIST/<node.self()>/key on the node that runs it; store = rpc.multicall(store_local, {key, data})."},
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "store_local(key, data) writes PERSIST/<node>/key on the node that runs it, and get(key) reads it back there",
      hint = {"each node has its own disk: the file goes in the folder of the node that runs store_local",
              "the folder is PERSIST .. \"/\" .. node.self(), relative to that node's working folder",
              "os.execute(\"mkdir -p '\" .. folder .. \"'\"), then io.open(folder .. \"/\" .. key, \"w\"), one entry a line"},
      run = function(k)
        if not setup(k) then return false, "the peers connected to each other", "they did not connect" end
        local milk = fresh("milk")
        k.on(k.node(1), "store_local", "groceries", {milk, "eggs"})
        local ok, want, got = file_has(k, 1, "groceries", milk)
        if not ok then return false, want, got end
        for _, i in ipairs({0, 2}) do
          ok, want, got = file_has(k, i, "groceries", nil)
          if not ok then return false, want .. " (store_local writes only there)", got end
        end
        return k.same(k.on(k.node(1), "get", "groceries"), {milk, "eggs"})
      end,
    },
    {
      name = "get(key) is nil on a node that has no such file",
      hint = {"get reads this node's own disk only: another node's file is not here",
              "io.open returns nil when the file does not exist: return nil then"},
      run = function(k)
        local v = k.on(k.node(2), "get", "groceries")
        if v ~= nil then return false, "nil", k.show(v) end
        return true
      end,
    },
    {
      name = "store(key, data) returns once every node, this one included, has written the file in its own folder",
      hint = {"replication by rpc: every node writes its own copy, and store waits for all of them",
              "rpc.multicall runs store_local on this node and every node of node.list(), and returns when all have answered (a cast returns at once, before anything is written)",
              "store(key, data) is rpc.multicall(store_local, {key, data})"},
      timeout = 2500,
      run = function(k)
        if not setup(k) then return false, "the peers connected to each other", "they did not connect" end
        k.on(k.node(1), "get", "nothing")       -- the kata loaded on peer 1 too
        local bread = fresh("bread")
        local p = pause(k.peers[1], 300)        -- peer 1 can write nothing meanwhile
        local job = background(k.on, k.node(2), "store", "bakery", {bread})
        local early = background.result(job, 250) ~= nil
        -- what was on disk when store returned (early: peer 1 still paused)
        local fine, want, got = true
        if early then fine, want, got = all_have(k, {0, 1, 2}, "bakery", bread) end
        pause.wait(p)
        local ok, err = background.result(job, 1500)
        if ok == nil then return false, "store to return once peer 1 was resumed", "it had not returned 1.5 s later" end
        if not ok then return false, "store to return", "error: " .. tostring(err) end
        if not early then fine, want, got = all_have(k, {0, 1, 2}, "bakery", bread) end
        if not fine then return false, want .. ", when store returned", got end
        if early then
          return false, "store to wait for peer 1, which was paused for 300 ms",
                        "store returned while peer 1 could not have written anything"
        end
        return k.same(k.on(k.node(1), "get", "bakery"), {bread})
      end,
    },
    {
      name = "todo_start(name) starts a server there, registered globally as {todo_list, name}",
      hint = {"a global name, known on every node, not a local one",
              "server.start(callbacks, name, {global = tuple(atom.todo_list, name)})"},
      run = function(k)
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
      hint = {"a cast to add, a call to read: the server's state is the list",
              "a cast tuple(atom.add_entry, entry): handle_cast appends it and returns the state; a call atom.entries: handle_call returns the entries, state"},
      run = function(k)
        local pid = global.whereis_name(T_("Alice"))
        if pid == nil then return false, "Alice's server (see the check before)", "none" end
        local entry = fresh("Dentist")
        k.call("add_entry", pid, entry)
        return k.same(k.call("entries", pid), {entry})
      end,
    },
    {
      name = "add_entry from 3 processes on each of three nodes at once: the server keeps all 9 entries",
      hint = {"the list lives in the server: a caller that reads it, appends and hands it back loses the entries added meanwhile",
              "add_entry only sends the entry (a cast); the server appends it to its own state",
              "add_entry(pid, entry) is server.cast(pid, tuple(atom.add_entry, entry)); handle_cast appends msg[2] to state.entries"},
      timeout = 2500,
      run = function(k)
        local pid = global.whereis_name(T_("Alice"))
        if pid == nil then return false, "Alice's server (see the check before)", "none" end
        local before = k.call("entries", pid)
        if type(before) ~= "table" then return false, "entries(pid) to be a list", k.show(before) end
        local pids, want = {}, {}
        for i = 0, 2 do
          for j = 1, 3 do
            local entry = fresh("task " .. i .. "." .. j)
            want[entry] = true
            pids[#pids + 1] = i == 0 and spawn(adder, k.file, self(), pid, entry)
              or node.spawn(k.node(i), adder, k.file, self(), pid, entry)
          end
        end
        for _, p in ipairs(pids) do send(p, "go") end
        for _ = 1, #pids do
          local m = receive(tuple("added", ANY, ANY, ANY), 2000)
          if m == nil then return false, "9 add_entry calls to return", "fewer within 2 s" end
          if not m[3] then return false, "add_entry to work", "an error: " .. m[4] end
        end
        local list = k.call("entries", pid)
        local missing = 0
        for _, e in ipairs(list or {}) do want[e] = nil end
        for _ in pairs(want) do missing = missing + 1 end
        if missing > 0 or #(list or {}) ~= #before + 9 then
          return false, (#before + 9) .. " entries, the 9 new ones among them",
            #(list or {}) .. " entries, " .. missing .. " of the 9 missing (lost updates)"
        end
        return true
      end,
    },
    {
      name = "a second todo_start(\"Alice\"), on another node, gets nil: the name is taken",
      hint = {"a global name is unique in the whole cluster: the second start fails",
              "return what server.start returns: nil (and why) when the name is taken"},
      run = function(k)
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
      hint = {"look the name up before starting anything",
              "global.whereis_name(tuple(atom.todo_list, name)) first"},
      run = function(k)
        local first = global.whereis_name(T_("Alice"))
        if first == nil then return false, "Alice's server running", "none" end
        return k.same(k.on(k.node(2), "server_process", "Alice"), first)
      end,
    },
    {
      name = "server_process(name) on three nodes at once, for six names: one server per name, the same pid for all",
      hint = {"check-then-start is a race: two nodes can both find no server and both start one",
              "only one start wins the global name; the loser's todo_start returns nil",
              "when todo_start returns nil, another node won: return global.whereis_name(...) again"},
      timeout = 2500,
      run = function(k)
        local me, names, jobs = self(), {}, 0
        for j = 1, 6 do names[j] = fresh("Carol") end
        for _, name in ipairs(names) do
          for i = 0, 2 do
            spawn(function()
              local ok, pid = pcall(at, k, i, "server_process", name)
              send(me, tuple("raced", name, i, ok and pid or nil))
            end)
            jobs = jobs + 1
          end
        end
        local got = {}
        for _ = 1, jobs do
          local m = receive(tuple("raced", ANY, ANY, ANY), 2000)
          if m == nil then return false, jobs .. " answers", "fewer within 2 s" end
          got[m[2]] = got[m[2]] or {}
          got[m[2]][m[3]] = m[4]
        end
        for _, name in ipairs(names) do
          local named = global.whereis_name(T_(name))
          for i = 0, 2 do
            local pid = got[name][i]
            if typeof(pid) ~= "pid" then
              return false, "a pid from every node for " .. name, k.show(pid) .. " from " .. name_of(k, i)
            end
            if pid ~= named then
              return false, "the pid named {:todo_list, \"" .. name .. "\"}: " .. k.show(named),
                            k.show(pid) .. " from " .. name_of(k, i)
            end
          end
        end
        return true
      end,
    },
    {
      name = "the cluster: Bob made on node2 with an entry; the file is in node1's folder and node2's",
      hint = {"add_entry's server saves the whole list with store: every node's copy",
              "handle_cast appends, then calls store(name, entries): store_local on every node"},
      run = function(k)
        local pid = k.on(k.node(2), "server_process", "Bob")
        local ok, want, got = pid_on(k, pid, k.node(2), "Bob's server")
        if not ok then return false, want, got end
        k.on(k.node(2), "add_entry", pid, "Dentist")
        local list = k.on(k.node(2), "entries", pid)     -- after the cast and its store
        local same, w, g = k.same(list, {"Dentist"})
        if not same then return false, w, g end
        return all_have(k, {1, 2}, "Bob", "Dentist")
      end,
    },
    {
      name = "failover: node2 killed, server_process(\"Bob\") on node1 starts Bob there with the entries of node1's disk",
      hint = {"after node2's death its server and its disk are gone: node1 has only its own copy",
              "the global name went away with node2 (a pid remembered from before is of a dead process): server_process asks global each time and starts Bob again on node1",
              "todo_start's init reads get(name): node1's own copy of the file"},
      timeout = 2500,
      run = function(k)
        if where_on(k.node(1), "Bob") == nil then
          return false, "Bob's server running (see the check before)", "none"
        end
        -- an entry only node1's disk has: loaded from anywhere else, it is missing
        -- node1 finds Bob on node2 first: what it may remember of him dies with node2
        local seen = k.on(k.node(1), "server_process", "Bob")
        if seen ~= where_on(k.node(1), "Bob") then
          return false, "server_process(\"Bob\") on node1 finding Bob's server on node2", k.show(seen)
        end
        local mine = fresh("node1 only")
        k.on(k.node(1), "store_local", "Bob", {"Dentist", mine})
        require("repl.peer").kill(k.peers[2])
        for _ = 1, 100 do
          if where_on(k.node(1), "Bob") == nil then break end
          sleep(10)
        end
        local pid = k.on(k.node(1), "server_process", "Bob")
        local ok, want, got = pid_on(k, pid, k.node(1), "a new Bob server")
        if not ok then return false, want, got end
        return k.same(k.on(k.node(1), "entries", pid), {"Dentist", mine})
      end,
    },
  },
}

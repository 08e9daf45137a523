-- Checks of katas/32_cluster_singleton.lua (format: katas/README.md).
-- Candidates start on all three nodes at once (a registration race); then
-- the singleton dies twice, as the seed's two kinds of failure: its
-- process crashes on a node that lives on, then a whole node is killed.
-- A candidate must take over after either.

-- The work a singleton does in these checks: it tells the check that
-- runs now where it runs, then serves for ever. The report goes by name
-- (each check registers itself as "singleton_watch"), since a singleton
-- started in one check takes over in the next. It travels to the peers
-- with `here` copied.
local function work_for(here)
  return function()
    -- pcall: after the last check nobody watches (sending to a free name
    -- may raise)
    pcall(send, tuple("singleton_watch", here), tuple("running", node.self(), self()))
    while true do receive() end
  end
end

local function watch()
  if whereis("singleton_watch") then unregister("singleton_watch") end
  register("singleton_watch", self())
end

-- The peers connect to this node when they start, and to each other a
-- moment later: two halves that do not see each other yet could each have
-- a singleton (seed 000's pitfall 7), so the checks wait for the mesh.
local LIB = debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/"
local mesh = dofile(LIB .. "mesh.lua")
local at = dofile(LIB .. "at.lua")

local function running(ms)
  return receive(tuple("running", ANY, ANY), ms)
end

local PER_NODE = 3     -- candidates on each node

-- After the singleton was made to die: exactly one new singleton within
-- ms, holding the name. true and its report, or false, want, got.
local function one_takes_over(k, ms, what)
  local r = running(ms)
  if r == nil then return false, "a new singleton after " .. what, "none within " .. ms .. " ms" end
  local extra = running(300)
  if extra then return false, "one new singleton", "two: on " .. r[2] .. " and " .. extra[2] end
  local named = global.whereis_name("singleton")
  if named ~= r[3] then return false, "the new singleton holds the name \"singleton\"", k.show(named) end
  return true, r
end

return {
  title = "a cluster singleton (kata 83, Pattern 3)",
  hint = {"One name for the whole cluster; the others wait and try again when its holder dies.",
          "global.register_name(\"singleton\", self()) is true for one process only; the others monitor that process and try again at its DOWN."},
  cluster = {peers = 2},
  timeout = 1500,
  checks = {
    {
      name = "try_singleton(work) runs work and returns its result when the name is free",
      hint = {"the calling process takes the cluster-wide name, then works",
              "if global.register_name(\"singleton\", self()) then return work() end"},
      run = function(k)
        local got = k.call("try_singleton", function()
          return global.whereis_name("singleton") == self() and "ran as the singleton" or "ran, but unregistered"
        end)
        return k.same(got, "ran as the singleton")
      end,
    },
    {
      name = "try_singleton(work) returns :already_running, without running work, when it is taken",
      hint = {"registering is the test: its answer says whether you are the one",
              "register_name returns false when the name is taken: return atom.already_running"},
      run = function(k)
        local holder = spawn(function(parent)
          send(parent, tuple("held", global.register_name("singleton", self())))
          receive()
        end, self())
        local held = receive(tuple("held", ANY), 1000)
        if not (held and held[2]) then return false, "a test process holding singleton", k.show(held) end
        local ran = false
        local got = k.call("try_singleton", function() ran = true; return "ran" end)
        exit(holder, "kill")
        if ran then return false, "work not run", "work ran" end
        return k.same(got, atom.already_running)
      end,
    },
    {
      name = "candidates on three nodes at once, three on each: exactly one singleton runs",
      hint = {"a registration race: the name must decide, not a look-up made before it",
              "whereis_name says nil to several candidates at once; only register_name's answer is safe",
              "candidate spawns a process and returns its pid at once; the process calls try_singleton (global, not register)"},
      timeout = 2500,
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        while global.whereis_name("singleton") do sleep(10) end
        -- the kata loaded on the peers first, so that the candidates start together
        for i = 1, 2 do k.on(k.node(i), "type", 0) end
        watch()
        local work, me = work_for(node.self()), self()
        for i = 0, 2 do
          for _ = 1, PER_NODE do
            spawn(function()
              local ok, pid = pcall(at, k, i, "candidate", work)
              send(me, tuple("started", ok and typeof(pid) or tostring(pid)))
            end)
          end
        end
        for _ = 1, 3 * PER_NODE do
          local m = receive(tuple("started", ANY), 1000)
          if m == nil then return false, "candidate to return at once", "it did not return within 1 s" end
          if m[2] ~= "pid" then return false, "candidate returns a pid", k.show(m[2]) end
        end
        local r = running(1000)
        if r == nil then return false, "a singleton running", "no singleton ran" end
        local extra = running(300)
        if extra then return false, "one singleton", "a second one ran on " .. extra[2] end
        return k.same(global.whereis_name("singleton"), r[3])
      end,
    },
    {
      name = "when the singleton's process crashes (its node lives on), one candidate takes over",
      hint = {"a process can die while its node lives: watch the process, not its node",
              "a node monitor says nothing when one process of that node crashes",
              "monitor(pid) of the singleton: its DOWN comes for a crash and for a node's death alike; then try again"},
      timeout = 2000,
      run = function(k)
        local holder = global.whereis_name("singleton")
        if holder == nil then return false, "a singleton running (the previous check)", "none" end
        watch()
        exit(holder, "kill")
        return one_takes_over(k, 1000, "its process was killed")
      end,
    },
    {
      name = "when the singleton's node is killed, one survivor takes over",
      hint = {"a node's death is also a process's death: its DOWN says noconnection",
              "after a noconnection DOWN the name is free again (global drops the names of a node that went): try again",
              "treat every DOWN alike: whereis_name, try_singleton, monitor the new holder"},
      timeout = 3000,
      run = function(k)
        watch()
        -- the singleton must be on a peer to kill its node: while it is
        -- here, crash it (it moves: there are candidates on every node)
        for _ = 1, PER_NODE + 1 do
          local holder = global.whereis_name("singleton")
          if holder == nil then return false, "a singleton running (the previous check)", "none" end
          if node_of(holder) ~= node.self() then break end
          exit(holder, "kill")
          local ok, want, got = one_takes_over(k, 1000, "its process was killed")
          if not ok then return false, want, got end
        end
        local holder = global.whereis_name("singleton")
        local i = node_of(holder) == k.node(1) and 1 or node_of(holder) == k.node(2) and 2
        if not i then return false, "the singleton on a peer", k.show(holder) end
        peer.kill(k.peers[i])
        local ok, want, got = one_takes_over(k, 1500, "its node was killed")
        if not ok then return false, want, got end
        return true
      end,
    },
  },
}

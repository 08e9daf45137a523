-- Checks of katas/32_cluster_singleton.lua (format: katas/README.md).

-- The work a singleton does in these checks: it tells the check that
-- runs now where it runs, then serves for ever. The report goes by name
-- (each check registers itself as "singleton_watch"), since a singleton
-- started in one check takes over in the next. It travels to the peers
-- with `here` copied.
local function work_for(here)
  return function()
    -- pcall: after the last check nobody watches (a local send to a free
    -- name raises, as Erlang's does)
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
local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

local function running(ms)
  return receive(tuple("running", ANY, ANY), ms)
end

return {
  title = "a cluster singleton (kata 83, Pattern 3)",
  hint = "global.register_name(\"singleton\", self()) is true for one process only; the others watch it and try again when it goes.",
  cluster = {peers = 2},
  timeout = 1500,
  checks = {
    {
      name = "try_singleton(work) runs work and returns its result when the name is free",
      hint = "if global.register_name(\"singleton\", self()) then return work() end",
      run = function(k)
        local got = k.call("try_singleton", function()
          return global.whereis_name("singleton") == self() and "ran as the singleton" or "ran, but unregistered"
        end)
        return k.same(got, "ran as the singleton")
      end,
    },
    {
      name = "try_singleton(work) returns :already_running, without running work, when it is taken",
      hint = "register_name returns false when the name is taken: return atom.already_running",
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
      name = "candidates on three nodes: exactly one singleton runs",
      hint = "candidate spawns the process and returns its pid at once; the process calls try_singleton",
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        while global.whereis_name("singleton") do sleep(10) end
        watch()
        local work = work_for(node.self())
        local first = k.on(k.node(1), "candidate", work)
        if typeof(first) ~= "pid" then return false, "candidate returns a pid", k.show(first) end
        local r = running(1000)
        if r == nil then return false, "the singleton running on peer 1", "no singleton ran" end
        k.on(k.node(2), "candidate", work)
        k.call("candidate", work)
        local extra = running(300)
        if extra then return false, "one singleton", "a second one ran on " .. extra[2] end
        return k.same(r[2], k.node(1))
      end,
    },
    {
      name = "when the singleton's node is killed, one survivor takes over",
      hint = "a candidate monitors the singleton's pid: the DOWN comes when its node dies; then it tries again",
      timeout = 2500,
      run = function(k)
        local holder = global.whereis_name("singleton")
        if holder == nil or node_of(holder) ~= k.node(1) then
          return false, "the singleton on peer 1 (the previous check)", k.show(holder)
        end
        watch()
        peer.kill(k.peers[1])
        local r = running(1500)
        if r == nil then return false, "a new singleton on a survivor", "none within 1.5 s" end
        local extra = running(300)
        if extra then return false, "one new singleton", "two: on " .. r[2] .. " and " .. extra[2] end
        if global.whereis_name("singleton") ~= r[3] then
          return false, "the new singleton holds the name", k.show(global.whereis_name("singleton"))
        end
        return true
      end,
    },
  },
}

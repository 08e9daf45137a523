-- Checks of katas/11_distributed_counter.lua (format: katas/README.md).

-- counter_get() on node n, again and again until it answers want (casts
-- from different nodes may arrive after a call that left later), up to
-- about 500 ms; returns the last answer.
local function get_until(k, n, want)
  local got
  for _ = 1, 25 do
    got = k.on(n, "counter_get")
    if got == want or type(got) ~= "number" then break end   -- nil: no use waiting
    sleep(20)
  end
  return got
end

local function where_is() return global.whereis_name("counter") end

-- The peers connected to each other too and global synced (lib/mesh.lua).
local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

return {
  title = "a distributed counter",
  hint = "server.start(callbacks, 0, {global = \"counter\"}); server.cast and server.call with {global = \"counter\"}.",
  cluster = {peers = 2},
  timeout = 1500,
  checks = {
    {
      name = "counter_start() on a node starts the counter there, named counter in the whole cluster",
      hint = "server.start(callbacks, 0, {global = \"counter\"}) returns the pid",
      run = function(k)
        mesh(k)
        local pid = k.on(k.node(1), "counter_start")
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        if node_of(pid) ~= k.node(1) then return false, "a pid of " .. k.node(1), k.show(pid) end
        local seen = rpc.call(k.node(2), where_is)
        if seen ~= pid then return false, "the other node finds it by its name", k.show(seen) end
        return true
      end,
    },
    {
      name = "a second counter_start(), on another node, gets nil: the name is taken",
      hint = "return what server.start returns: nil and why when the name is taken",
      run = function(k)
        local first = global.whereis_name("counter")
        if first == nil then return false, "a counter running (see the first check)", "none" end
        local pid = k.on(k.node(2), "counter_start")
        if pid ~= nil then return false, "nil", k.show(pid) end
        if global.whereis_name("counter") ~= first then
          return false, "the first counter keeps the name", k.show(global.whereis_name("counter"))
        end
        return true
      end,
    },
    {
      name = "counter_get() answers 0 before any increment, from any node",
      hint = "server.call({global = \"counter\"}, atom.get); handle_call returns the count twice",
      run = function(k)
        local a, b = k.on(k.node(2), "counter_get"), k.call("counter_get")
        if a ~= 0 then return false, "0 on " .. k.node(2), k.show(a) end
        return k.same(b, 0)
      end,
    },
    {
      name = "two counter_increment() from two nodes make counter_get() answer 2",
      hint = "server.cast({global = \"counter\"}, atom.increment); handle_cast returns count + 1",
      run = function(k)
        k.on(k.node(2), "counter_increment")
        k.call("counter_increment")
        return k.same(get_until(k, k.node(1), 2), 2)
      end,
    },
    {
      name = "when the counter crashes, counter_get() fails and its name is gone",
      hint = "let server.call's error go up: a call to a dead server raises, as GenServer.call exits",
      run = function(k)
        local pid = global.whereis_name("counter")
        if pid == nil then return false, "a counter running", "none" end
        exit(pid, "kill")
        for _ = 1, 50 do
          if rpc.call(k.node(2), where_is) == nil then break end
          sleep(10)
        end
        local ok, err = pcall(k.on, k.node(2), "counter_get")
        if ok then return false, "an error (no process)", "it returned " .. k.show(err) end
        return true
      end,
    },
    {
      name = "counter_start() after the crash starts a fresh counter at 0",
      run = function(k)
        local pid = k.on(k.node(2), "counter_start")
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        return k.same(k.on(k.node(1), "counter_get"), 0)
      end,
    },
  },
}

-- Checks of katas/35_lock_manager.lua (format: katas/README.md).

local mesh = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/mesh.lua")

-- A process on node n that loads the kata (file), runs body(parent, ...)
-- and stays until killed; the learner's functions are globals there.
-- (It travels to n: only arguments and globals.)
local function on_node(n, file, body, ...)
  return node.spawn(n, function(file, body, ...)
    if _kata_loaded ~= file then dofile(file); _kata_loaded = file end
    body(...)
    receive()
  end, file, body, ...)
end

-- Whether a fresh process here can take the lock on resource at once.
local function free_here(resource)
  local me = self()
  spawn(function()
    local r = acquire(resource, 0)
    if r and r[1] == atom.ok then release(r[2]) end
    send(me, tuple("free?", r ~= nil and r[1] == atom.ok))
  end)
  local m = receive(tuple("free?", ANY), 1000)
  return m ~= nil and m[2]
end

return {
  title = "a lock manager (Exercise 3)",
  hint = "global.set_lock(tuple(resource, self()), {node.self(), table.unpack(node.list())}, retries) is true once every node granted it.",
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "acquire(resource) on a free lock: {:ok, {resource, self()}}; release frees it",
      hint = "lock_id = tuple(resource, self()); global.set_lock(lock_id, nodes, retries) then tuple(atom.ok, lock_id)",
      run = function(k)
        if not mesh(k) then return false, "the peers connected to each other", "they did not connect" end
        local r = k.call("acquire", "db", 0)
        local ok, e, g = k.same(r, tuple(atom.ok, tuple("db", self())))
        if not ok then return ok, e, g end
        if free_here("db") then return false, "the lock held until release", "another process took it" end
        k.call("release", r[2])
        if not free_here("db") then return false, "the lock free after release", "it was still held" end
        return true
      end,
    },
    {
      name = "acquire on a lock held on another node: {:error, :timeout} after the retries",
      hint = "set_lock returns false after retries more tries: return tuple(atom.error, atom.timeout)",
      run = function(k)
        local holder = on_node(k.node(1), k.file, function(parent)
          send(parent, tuple("holding", acquire("db", 0) or false))
        end, self())
        local h = receive(tuple("holding", ANY), 1000)
        if not (h and typeof(h[2]) == "tuple" and h[2][1] == atom.ok) then
          return false, "peer 1 holding the lock", k.show(h and h[2])
        end
        local got = k.call("acquire", "db", 2)
        exit(holder, "kill")
        return k.same(got, tuple(atom.error, atom.timeout))
      end,
    },
    {
      name = "with_lock on two nodes at once: one runs after the other, never both",
      hint = "with_lock = acquire (retries nil: wait for it), pcall(fun), release, return fun's result",
      timeout = 2500,
      run = function(k)
        local me = self()
        local body = function(parent, who)
          local v = with_lock("table", function()
            send(parent, tuple("in", who)); sleep(150); send(parent, tuple("out", who))
            return "done by " .. who
          end)
          send(parent, tuple("result", who, v))
        end
        local a = on_node(k.node(1), k.file, body, me, "peer 1")
        local b = on_node(k.node(2), k.file, body, me, "peer 2")
        local events = {}
        for _ = 1, 6 do
          local m = receive(function(m) return typeof(m) == "tuple" and (m[1] == "in" or m[1] == "out" or m[1] == "result") end, 1500)
          if m == nil then break end
          if m[1] == "result" then
            if m[3] ~= "done by " .. m[2] then exit(a, "kill"); exit(b, "kill"); return false, "with_lock returns fun's result", k.show(m[3]) end
          else events[#events + 1] = m[1] .. " " .. m[2] end
        end
        exit(a, "kill"); exit(b, "kill")
        local order = table.concat(events, ", ")
        if #events ~= 4 or not order:match("^in (peer %d), out %1, in (peer %d), out %2$") then
          return false, "in A, out A, in B, out B", order
        end
        return true
      end,
    },
    {
      name = "a holder that dies frees the lock: the waiting with_lock runs",
      hint = "nothing to write: global frees a dead holder's lock; with_lock with retries nil waits for it",
      timeout = 2500,
      run = function(k)
        local holder = on_node(k.node(1), k.file, function(parent)
          send(parent, tuple("holding", acquire("printer", 0) or false))
        end, self())
        local h = receive(tuple("holding", ANY), 1000)
        if not (h and typeof(h[2]) == "tuple" and h[2][1] == atom.ok) then
          return false, "peer 1 holding the lock", k.show(h and h[2])
        end
        local waiter = on_node(k.node(2), k.file, function(parent)
          send(parent, tuple("waited", with_lock("printer", function() return "after the holder" end)))
        end, self())
        local early = receive(tuple("waited", ANY), 300)
        if early then exit(waiter, "kill"); exit(holder, "kill"); return false, "the waiter waits while the lock is held", "it ran: " .. k.show(early[2]) end
        exit(holder, "kill")
        local m = receive(tuple("waited", ANY), 1500)
        exit(waiter, "kill")
        if m == nil then return false, "the waiter runs once the holder is killed", "it still waits" end
        return k.same(m[2], "after the holder")
      end,
    },
    {
      name = "with_lock releases the lock when fun raises, and raises the error again",
      hint = "local ok, v = pcall(fun); release(lock_id); if not ok then error(v, 0) end",
      run = function(k)
        local ok, err = pcall(k.call, "with_lock", "disk", function() error("boom", 0) end, 0)
        if ok then return false, "with_lock raises fun's error", "it returned " .. k.show(err) end
        if not tostring(err):find("boom", 1, true) then return false, "the error boom", k.show(err) end
        if not free_here("disk") then return false, "the lock free after the error", "it was still held" end
        return true
      end,
    },
  },
}

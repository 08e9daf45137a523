-- The reference solution of katas/40_netsplit_recovery.lua (make test
-- grades it: every check must pass).

-- The counter: bumps and reads are calls (tuple(kind, from, ref, by)),
-- answered tuple(ref, count); "hand_over" sends the whole count to the
-- counter kept after a conflict, as an "absorb", and stops.
function counter_loop(count)
  while true do
    local m = receive()
    local kind = typeof(m) == "tuple" and m[1]
    if kind == "bump" then count = count + m[4]; send(m[2], tuple(m[3], count))
    elseif kind == "value" then send(m[2], tuple(m[3], count))
    elseif kind == "absorb" then count = count + m[2]
    elseif kind == "hand_over" then send(m[2], tuple("absorb", count)); return
    end
  end
end

function resolve_counter(name, pid1, pid2)
  send(pid2, tuple("hand_over", pid1))
  return pid1
end

function counter_start(name)
  local pid = spawn(counter_loop, 0)
  if global.register_name(name, pid, resolve_counter) then return pid end
  exit(pid, "kill")
  return global.whereis_name(name)
end

-- A call to whichever counter holds name now: looked up each time, and
-- again when the one found dies before answering (the loser of a
-- conflict stops); nil when it does not answer, or none is found.
local function call(name, kind, by)
  for _ = 1, 10 do
    local pid = global.whereis_name(name)
    if pid then
      local ref = monitor(pid)
      send(pid, tuple(kind, self(), ref, by))
      local m = receive(function(m)
        return typeof(m) == "tuple" and (m[1] == ref or (m[1] == atom.DOWN and m[2] == ref))
      end, 500)
      demonitor(ref, true)
      if m == nil then return nil end        -- alive but silent: a retry could count twice
      if m[1] == ref then return m[2] end
    end
    sleep(50)
  end
end

function counter_bump(name, by) return call(name, "bump", by) end

function counter_value(name) return call(name, "value") end

-- wrong: output is what print does, so capturing means swapping print and io.write on every node for a while
-- fails: capture(f) takes only what f and its work print: other processes print where they did
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../15_group_leader_io.lua")   -- the rest as the reference

function capture(f)
  local me, tag, text = self(), make_ref(), {}
  local nodes = node.list()
  local function swap(to, t)
    _G.kata15_old = _G.kata15_old or {print, io.write}
    print = function(...)
      local parts = table.pack(...)
      for i = 1, parts.n do parts[i] = tostring(parts[i]) end
      send(to, tuple(t, table.concat(parts, "\t", 1, parts.n) .. "\n"))
    end
    io.write = function(...)
      for _, s in ipairs({...}) do send(to, tuple(t, tostring(s))) end
      return io
    end
  end
  local function unswap()
    if _G.kata15_old then print, io.write = _G.kata15_old[1], _G.kata15_old[2]; _G.kata15_old = nil end
  end
  swap(me, tag)
  for _, n in ipairs(nodes) do rpc.call(n, swap, {me, tag}, 1000) end
  local ok, err = pcall(f)
  unswap()
  for _, n in ipairs(nodes) do rpc.call(n, unswap, {}, 1000) end
  while true do
    local m = receive(tuple(tag, ANY), 0)
    if not m then break end
    text[#text + 1] = m[2]
  end
  if not ok then error(err, 0) end
  return table.concat(text)
end

-- katas/checks/lib/output.lua: for check files whose learner code prints
-- (the seeds' IO.puts). Load it with
--   local output = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/output.lua")
-- output.quiet() makes a sink the calling process's group leader, so the
-- processes it starts from then on (here, or on a peer through node.spawn,
-- k.on or rpc) print into the sink instead of onto the grader's screen.
-- output.printed() is all the text printed there so far.
-- The sink is registered as "kata_output" and outlives the check that
-- made it; it answers every io request at once, so a print never waits.

local M = {}

local function sink()
  local text = {}
  while true do
    local m = receive()
    if typeof(m) == "tuple" and m[1] == atom.io_request and #m == 4 then
      local r = m[4]
      -- print sends {put_chars, Encoding, Chars}; keep what is a string
      if typeof(r) == "tuple" and r[1] == atom.put_chars and type(r[#r]) == "string" then
        text[#text + 1] = r[#r]
      end
      send(m[2], tuple(atom.io_reply, m[3], atom.ok))
    elseif typeof(m) == "tuple" and m[1] == "printed?" then
      send(m[2], tuple("printed", m[3], table.concat(text)))
    end
  end
end

function M.quiet()
  local pid = whereis("kata_output")
  if not pid then
    pid = spawn(sink)
    register("kata_output", pid)
  end
  group_leader(pid, self())
end

function M.printed()
  if not whereis("kata_output") then return "" end
  local ref = make_ref()
  send("kata_output", tuple("printed?", self(), ref))
  local m = receive(tuple("printed", ref, ANY), 500)
  return m and m[3] or ""
end

return M

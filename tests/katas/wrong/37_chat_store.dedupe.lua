-- wrong: a joining node asks every survivor, and skips the messages it already has, so nothing is copied twice
-- fails: node1 restarts on a new machine: its monitor_start gets the history back from the survivors, once
-- (the rest is the reference's; recover is the mistake: a text said twice is two messages)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../37_chat_store.lua")

function recover()
  local have, count = {}, 0
  for _, e in ipairs(CHAT_STORE or {}) do have[e.room .. "\0" .. e.message] = true end
  for _, n in ipairs(node.list()) do
    local entries = rpc.call(n, function() return CHAT_STORE or {} end, {}, 2000)
    if type(entries) == "table" then
      table.sort(entries, function(a, b) return a.id < b.id end)
      for _, e in ipairs(entries) do
        local key = e.room .. "\0" .. e.message
        if not have[key] then
          have[key] = true
          store_local(e.room, e.message)
          count = count + 1
        end
      end
    end
  end
  return count
end

-- The reference solution of katas/37_chat_store.lua (make test grades it:
-- every check must pass).

function store_local(room, message)
  CHAT_STORE = CHAT_STORE or {}
  CHAT_SEQ = (CHAT_SEQ or 0) + 1
  table.insert(CHAT_STORE, {room = room, id = CHAT_SEQ, message = message})
  return true
end

function store_message(room, message)
  store_local(room, message)
  -- a node that went down, or did not answer within 700 ms, gives nil,
  -- badrpc: the others still get it
  for _, n in ipairs(node.list()) do rpc.call(n, store_local, {room, message}, 700) end
  return atom.ok
end

function get_history(room, limit)
  local mine = {}
  for _, e in ipairs(CHAT_STORE or {}) do
    if e.room == room then mine[#mine + 1] = e end
  end
  table.sort(mine, function(a, b) return a.id > b.id end)
  local out = {}
  for i = 1, math.min(limit or 100, #mine) do out[i] = mine[i].message end
  return out
end

-- A node that starts with no history takes a survivor's: the first node
-- of node.list() that answers sends its whole store, oldest first, and
-- each entry is stored here in that order (so the order is kept).
function recover()
  if CHAT_STORE and #CHAT_STORE > 0 then return 0 end
  for _, n in ipairs(node.list()) do
    local entries = rpc.call(n, function() return CHAT_STORE or {} end, {}, 2000)
    if type(entries) == "table" then
      table.sort(entries, function(a, b) return a.id < b.id end)
      for _, e in ipairs(entries) do store_local(e.room, e.message) end
      return #entries
    end
  end
  return 0
end

ClusterMonitor = {}

function ClusterMonitor.init()
  recover()
  node.monitor_nodes(true)
  return {nodes = node.list(), events = {}}
end

local function note(s, line)
  print(line)
  s.events[#s.events + 1] = line
end

function ClusterMonitor.handle_info(msg, s)
  if typeof(msg) ~= "tuple" then return s end
  if msg[1] == atom.nodeup then
    note(s, "Node joined: " .. msg[2])
    table.insert(s.nodes, msg[2])
  elseif msg[1] == atom.nodedown then
    note(s, "Node left: " .. msg[2])
    for i, n in ipairs(s.nodes) do
      if n == msg[2] then table.remove(s.nodes, i); break end
    end
  end
  return s
end

function ClusterMonitor.handle_call(req, _from, s)
  if req == atom.nodes then
    local list = table.move(s.nodes, 1, #s.nodes, 1, {})
    table.sort(list)
    return list, s
  elseif req == atom.events then
    return s.events, s
  end
  return tuple(atom.error, atom.unknown_request), s
end

function monitor_start()
  return server.start(ClusterMonitor, nil, {name = "ClusterMonitor"})
end

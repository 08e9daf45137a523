-- help.lua: h() names every topic on one screen, and each topic's page
-- lists its functions; every function of the API has an entry that
-- h(fn) and h"name" find, with an example and the Erlang it mirrors; an
-- unknown name gets a sentence and close matches.
--
-- The modules node, rpc, global, pg, server and peer are walked as they are at run time,
-- so a function added to one of them without an entry fails here. This
-- file runs as `repl tests/lua/help.lua`, a node with no name: the modules
-- exist there all the same (dist/lua/node.lua loads rpc, global and pg when
-- the binary starts, and node.c and partition.c fill node), with every
-- public function; only their servers wait for a name. tests/dist/help.sh
-- runs this file again in a named node, to be sure naming adds none.
local t = dofile("tests/lib/tap.lua")
local help = require "repl.help"
print("# running as " .. node.self())   -- tests/dist/help.sh looks for it

local api = {"self", "spawn", "spawn_link", "spawn_monitor", "send", "receive",
  "when", "after", "flush", "link", "unlink", "monitor", "demonitor", "exit",
  "trap_exit", "register", "unregister", "whereis", "registered", "make_ref",
  "sleep", "send_after", "cancel_timer", "processes", "process_info",
  "is_alive", "node_of", "atom", "tuple", "untuple", "typeof", "print",
  "inspect", "h", "q", "halt"}

-- h() is one screen (24 rows of 80 columns, the prompt included) that names
-- every topic; each topic's page lists its functions.
local overview = help()
local TOPICS = {"process", "messages", "links", "names", "values", "shell",
                "node", "rpc", "global", "pg", "server", "peer"}
local rows, widest = 0, 0
for line in (overview .. "\n"):gmatch("(.-)\n") do
  rows, widest = rows + 1, math.max(widest, utf8.len(line))
end
t.ok(rows <= 22, "h() fits one screen with its input row and the next prompt (" .. rows .. " rows)")
t.ok(widest <= 80, "h() is at most 80 columns wide (" .. widest .. ")")
for _, topic in ipairs(TOPICS) do
  t.has(overview, 'h"' .. topic .. '"', 'h() names the topic h"' .. topic .. '"')
end
t.has(help("values"), "Lua vs Erlang", 'h"values" also says how Lua\'s values map to Erlang\'s')
t.has(help("processes"), "Example", 'h"processes" is still the function processes()')

-- The word "name" standing alone in text, not inside a longer name
-- ("node.monitor" is not found in "node.monitor_nodes").
local function lists(text, name)
  local pat = "%f[%w_.]" .. name:gsub("%p", "%%%0") .. "%f[^%w_]"
  return text:find(pat) ~= nil
end

-- The topic whose page lists name, or nil.
local function topic_of(name)
  for _, topic in ipairs(TOPICS) do
    if lists(help(topic), name) then return topic end
  end
end

for _, name in ipairs(api) do
  local text = help(name)
  t.ok(text:find("Example", 1, true) and text:find("Erlang:", 1, true),
       name .. ": h\"" .. name .. "\" has an example and the Erlang it mirrors")
  if type(_G[name]) == "function" then
    t.is(help(_G[name]), text, name .. ": h(fn) finds the same entry")
  end
  t.ok(topic_of(name), name .. ": listed by a topic that h() names")
end

-- ---- the modules, as they are now ----

-- The group title h() shows above each module's functions.
local MODULES = {
  {"node", "Nodes"}, {"rpc", "Remote calls"},
  {"global", "Global names"}, {"pg", "Process groups"},
  {"server", "Servers (GenServer)"}, {"peer", "Peer nodes"},
}

-- The public functions of a module table ("_start", "_modules" and markers
-- such as server.STOP are not), sorted
-- so that the TAP lines come in the same order every run.
local function public(mod)
  local names = {}
  for k in pairs(_G[mod]) do
    if type(k) == "string" and k:sub(1, 1) ~= "_" and type(_G[mod][k]) == "function" then
      names[#names + 1] = k
    end
  end
  table.sort(names)
  return names
end

for _, m in ipairs(MODULES) do
  local mod, title = m[1], m[2]
  t.is(type(_G[mod]), "table", mod .. ": the module exists in a node with no name")
  local names = public(mod)
  t.ok(#names >= 4, mod .. ": has public functions (" .. #names .. ")")
  local listing = help(mod)
  t.is(help(_G[mod]), listing, mod .. ': h(' .. mod .. ') is h"' .. mod .. '"')
  t.has(listing, title, mod .. ': h"' .. mod .. '" shows its group')
  t.has(overview, 'h"' .. mod .. '"', mod .. ': h() names h"' .. mod .. '"')
  for _, fname in ipairs(names) do
    local full = mod .. "." .. fname
    local v = _G[mod][fname]
    local text = help(full)
    t.ok(text:find("\n  Example:\n", 1, true) and text:find("\n  Erlang: ", 1, true),
         full .. ': h"' .. full .. '" has an example and an Erlang: line')
    t.is(type(v), "function", full .. " is a function")
    t.is(help(v), text, full .. ": h(" .. full .. ") finds the same entry")
    t.ok(lists(listing, full), full .. ': listed by h"' .. mod .. '"')
  end
end

-- The split-brain primitives, by name, in case the walk above found none.
for _, name in ipairs({"node.cut", "node.heal", "node.cuts"}) do
  t.has(help(name), "Example:", name .. " has an entry")
end

-- h"node" lists node's functions and not another module's.
t.ok(not lists(help("node"), "rpc.call"), 'h"node" lists only node\'s functions')

local unknown = help("spwan")
t.ok(unknown:find('No help for "spwan"', 1, true), "an unknown name gets a sentence")
t.ok(unknown:find("spawn", 1, true), "... and a close match")
t.done()

-- help.lua: h() lists the API; every function of the API has an entry that
-- h(fn) and h"name" find, with an example and the Erlang it mirrors; an
-- unknown name gets a sentence and close matches.
local t = dofile("tests/lib/tap.lua")
local help = require "repl.help"

local api = {"self", "spawn", "spawn_link", "spawn_monitor", "send", "receive",
  "when", "after", "flush", "link", "unlink", "monitor", "demonitor", "exit",
  "trap_exit", "register", "unregister", "whereis", "registered", "make_ref",
  "sleep", "send_after", "cancel_timer", "processes", "process_info",
  "is_alive", "node_of", "atom", "tuple", "untuple", "typeof", "print",
  "inspect", "h", "q", "halt"}

local overview = help()
for _, name in ipairs(api) do
  local text = help(name)
  t.ok(text:find("Example", 1, true) and text:find("Erlang:", 1, true),
       name .. ": h\"" .. name .. "\" has an example and the Erlang it mirrors")
  if type(_G[name]) == "function" then
    t.is(help(_G[name]), text, name .. ": h(fn) finds the same entry")
  end
  t.ok(overview:find(name, 1, true), name .. ": listed by h()")
end
t.ok(help(node.self):find("Node.self", 1, true), "h(node.self) explains it")

local unknown = help("spwan")
t.ok(unknown:find('No help for "spwan"', 1, true), "an unknown name gets a sentence")
t.ok(unknown:find("spawn", 1, true), "... and a close match")
t.done()

-- repl.hint: one-line hints for what a learner who knows Elixir, or the
-- system's shell, types at the prompt. Elixir's spelling of a call gets the
-- Lua spelling ("Node.connect(:"b@h")" -> node.connect("b@h")); a shell
-- command (iex --sname a) gets what does that here; a misspelt global or
-- field gets the closest existing name. The shell prints them (repl.shell).
local near = require "repl.near"

local M = {}

---------------------------------------------------------------- names

-- Where a module's functions live here, for Elixir's and Erlang's modules.
local MODULE = { Node = "node", GenServer = "server", [":global"] = "global",
                 [":rpc"] = "rpc", [":erpc"] = "rpc", [":pg"] = "pg" }

-- Functions whose Lua name is not module.function of the same name.
local RENAME = {
  ["Node.alive?"] = "node.alive",
  ["Kernel.node"] = "node.self", ["Kernel.self"] = "self",
  ["Process.alive?"] = "is_alive", ["Process.info"] = "process_info",
  ["Process.list"] = "processes",
  ["IO.puts"] = "print", ["IO.inspect"] = "inspect", ["IO.write"] = "io.write",
  ["GenServer.start_link"] = "server.start", ["GenServer.start"] = "server.start",
  [":pg.start_link"] = "pg.start",
  [":erlang.node"] = "node.self", [":erlang.nodes"] = "node.list",
  [":erlang.get_cookie"] = "node.get_cookie",
  [":erlang.set_cookie"] = "node.set_cookie",
  [":erlang.monitor_node"] = "node.monitor",
  [":erlang.disconnect_node"] = "node.disconnect",
  [":net_kernel.monitor_nodes"] = "node.monitor_nodes",
  [":net_kernel.connect_node"] = "node.connect",
  [":net_adm.ping"] = "node.ping", [":timer.sleep"] = "sleep",
}

-- Modules whose functions are plain globals here (Process.link is link).
local BASE_MODULE = { Process = true, Kernel = true, [":erlang"] = true }

-- Calls whose arguments come in another order here: the Elixir argument
-- each Lua argument is. Process.register(pid, name) is register(name, pid).
local REORDER = {
  ["Process.register"] = { "register", { 2, 1 } },
  ["Process.send_after"] = { "send_after", { 3, 1, 2 } },
}

-- The Lua name of Elixir's mod.fun, or nil when there is none here.
local function lua_name(mod, fun)
  if RENAME[mod .. "." .. fun] then return RENAME[mod .. "." .. fun] end
  local plain = fun:gsub("[?!]$", "")
  local lib = MODULE[mod] and rawget(_G, MODULE[mod])
  -- lib[plain], not rawget: a module may fill itself on first use (server)
  if type(lib) == "table" and select(2, pcall(function() return lib[plain] end)) ~= nil then
    return MODULE[mod] .. "." .. plain
  end
  if BASE_MODULE[mod] and type(rawget(_G, plain)) == "function" then
    return plain
  end
  return nil
end

---------------------------------------------------------------- translation

-- The top-level arguments of "a, {b, c}, d" (strings are placeholders by
-- then, so only brackets nest).
local function split_args(s)
  local args, depth, start = {}, 0, 1
  for i = 1, #s do
    local c = s:sub(i, i)
    if c:match("[%(%[{]") then depth = depth + 1
    elseif c:match("[%)%]}]") then depth = depth - 1
    elseif c == "," and depth == 0 then
      args[#args + 1] = s:sub(start, i - 1):match("^%s*(.-)%s*$")
      start = i + 1
    end
  end
  args[#args + 1] = s:sub(start):match("^%s*(.-)%s*$")
  return args
end

-- Elixir's brackets as Lua's: {a, b} is tuple(a, b), [a, b] is {a, b}, and
-- a map %{...} stays a table.
local function brackets(code)
  local out, stack = {}, {}
  local i = 1
  while i <= #code do
    local c = code:sub(i, i)
    if c == "%" and code:sub(i + 1, i + 1) == "{" then
      out[#out + 1], stack[#stack + 1], i = "{", "}", i + 1
    elseif c == "{" then
      out[#out + 1], stack[#stack + 1] = "tuple(", ")"
    elseif c == "[" then
      out[#out + 1], stack[#stack + 1] = "{", "}"
    elseif c == "}" or c == "]" then
      out[#out + 1] = table.remove(stack) or c
    else
      out[#out + 1] = c
    end
    i = i + 1
  end
  return table.concat(out)
end

-- A string's text as Lua: "N" placeholders for its pieces, and each
-- #{expr} in it (Elixir's interpolation) as tostring(expr), joined by "..".
local function string_parts(text, strings)
  local parts, at = {}, 1
  local function piece(s)
    if s ~= "" then
      strings[#strings + 1] = s
      parts[#parts + 1] = '"' .. #strings .. '"'
    end
  end
  for from, expr, to in text:gmatch("()#(%b{})()") do
    piece(text:sub(at, from - 1))
    parts[#parts + 1] = "tostring(" .. expr:sub(2, -2) .. ")"
    at = to
  end
  piece(text:sub(at))
  if #parts == 0 then   -- "": one empty piece
    strings[#strings + 1] = ""
    return '"' .. #strings .. '"'
  end
  return table.concat(parts, " .. ")
end

-- src with each "string" (escapes and all) put in strings and replaced by
-- "N", its index, so that the rewriting below cannot touch its text.
local function hide_strings(src, strings)
  local out, i = {}, 1
  while i <= #src do
    local c = src:sub(i, i)
    if c ~= '"' then
      out[#out + 1], i = c, i + 1
    else
      local j = i + 1
      while j <= #src and src:sub(j, j) ~= '"' do
        j = j + (src:sub(j, j) == "\\" and 2 or 1)
      end
      out[#out + 1], i = string_parts(src:sub(i + 1, j - 1), strings), j + 1
    end
  end
  return table.concat(out)
end

-- The Lua for an Elixir line, and the names it translated ({elixir, lua}
-- pairs); nil when it has no Elixir in it or no faithful Lua (a pipe, a do
-- block).
local function translate(src)
  local strings = {}
  local code = hide_strings(src, strings)
  if code:find("|>", 1, true) or code:find("%f[%w_]do%f[^%w_]") then return nil end
  -- only a line with something Elixir in it: an atom (:ok, :"a@b"),
  -- fn ->, %{, node() or (below) a known Module.function; not a Lua line
  -- with a typo in it
  local elixir = (" " .. code):find("[^%w_:]:[%a_\"]") or code:find("%f[%w_]fn%s*.-%->")
    or code:find("%{", 1, true) or (" " .. code):find("[^%w_.]node%s*%(%)")
  local names = {}
  code = code:gsub("Process%.flag%(%s*:trap_exit%s*,%s*", "trap_exit(")
  -- an unquoted node name, :bob@host, is a string
  code = (" " .. code):gsub("([^%w_:]):([%a_][%w_]*@[%w_.%-]+)", '%1"%2"'):sub(2)
  -- node's functions take strings where Elixir's take atoms (a kind, a
  -- cookie): Node.list(:hidden) is node.list("hidden")
  code = code:gsub("(Node%.[%w_?!]+)(%b())", function(f, args)
    return f .. (" " .. args):gsub("([^%w_:]):([%a_][%w_]*)", '%1"%2"'):sub(2)
  end)
  -- a call's last arguments name: value, ... are one keyword list
  code = code:gsub("%b()", function(args)
    local a = split_args(args:sub(2, -2))
    local k = #a + 1
    while k > 1 and a[k - 1]:match("^[%a_][%w_]*:%s") do k = k - 1 end
    if k > #a then return nil end
    local kw = table.concat(a, ", ", k)
    for i = #a, k, -1 do a[i] = nil end
    a[k] = "[" .. kw .. "]"
    return "(" .. table.concat(a, ", ") .. ")"
  end)
  -- an rpc's module and function ("Node, :self") as the strings Lua's take
  code = code:gsub("(:?[%a_][%w_]*)%s*,%s*:([%a_][%w_]*)", function(mod, fun)
    local full = (mod:match("^:") or mod:match("^%u")) and lua_name(mod, fun)
    if not full then return nil end
    names[#names + 1] = { mod .. ", :" .. fun, full }
    local m, f = full:match("^(.+)%.([^.]+)$")
    if not m then return full end   -- IO, :puts is print: a function value
    return string.format('"%s", "%s"', m, f)
  end)
  -- Module.function, with () when Elixir calls it without parentheses
  code = code:gsub("(:?[%a_][%w_]*)%.([%a_][%w_]*[?!]?)(%s*)(.?)",
    function(mod, fun, space, after)
      if not (mod:match("^:") or mod:match("^%u")) then return nil end
      local lua = lua_name(mod, fun)
      if not lua then return nil end
      names[#names + 1] = { mod .. "." .. fun, lua }
      local call = after:match("[%(\"{%[]") and "" or "()"
      return lua .. call .. space .. after
    end)
  if #names == 0 and not elixir then return nil end
  code = (" " .. code):gsub("([^%w_.])node%s*%(%)", "%1node.self()"):sub(2)
  code = code:gsub("([%a_][%w_]*):(%s)", "%1 =%2")           -- key: value
  code = code:gsub(':(")', "%1")                                -- :"a@b"
  code = (" " .. code):gsub("([^%w_:]):([%a_][%w_]*[?!]?)", function(pre, a)
    if a == "true" or a == "false" or a == "nil" then return pre .. a end
    if a:match("[?!]$") then return pre .. 'atom"' .. a .. '"' end
    return pre .. "atom." .. a
  end):sub(2)
  code = brackets(code)
  code = code:gsub("(\"%d+\")%s*=>", "[%1] ="):gsub("(atom%.[%w_]+)%s*=>", "[%1] =")
  code = code:gsub("<>", ".."):gsub("!=", "~=")
  code = code:gsub("%f[%w_]fn%s*%(?([%w_,%s]-)%)?%s*%->%s*", function(params)
    return "function(" .. params:match("^%s*(.-)%s*$") .. ") return "
  end)
  for elixir, r in pairs(REORDER) do
    if src:find(elixir, 1, true) then
      code = (" " .. code):gsub("([^%w_.]" .. r[1] .. ")(%b())", function(f, args)
        local a, out = split_args(args:sub(2, -2)), {}
        if #a ~= #r[2] then return nil end
        for i, from in ipairs(r[2]) do out[i] = a[from] end
        return f .. "(" .. table.concat(out, ", ") .. ")"
      end):sub(2)
    end
  end
  code = code:gsub('"(%d+)"', function(n) return '"' .. strings[tonumber(n)] .. '"' end)
  if code == src then return nil end
  return code, names
end

-- Whether Lua takes this as an expression or as statements.
local function compiles(code)
  return load("return " .. code, "=hint", "t") ~= nil
      or load(code, "=hint", "t") ~= nil
end

-- The Lua spelling of an Elixir line that compiles: translated as it is,
-- else without the return a fn's body got (fn -> IO.puts("x") end).
local function lua_spelling(src)
  local code, names = translate(src)
  if not code then return nil end
  if compiles(code) then return code, names end
  local plain = code:gsub("%) return ", ") ")
  if compiles(plain) then return plain, names end
  return nil, names
end

---------------------------------------------------------------- hints

-- Shell commands a learner might type at the prompt instead of the system's.
local COMMANDS = { iex = true, repl = true, erl = true, elixir = true,
                   mix = true, epmd = true }

-- A hint for a shell command typed at the prompt ("iex --sname a"), or nil.
-- Lua would read `iex --sname a` as the global iex and a comment: nil.
function M.command(src)
  local cmd, rest = src:match("^%s*([%a_][%w_]*)%s+(%-.*)$")
  if not cmd or not COMMANDS[cmd] or rawget(_G, cmd) ~= nil then return nil end
  local name, long = rest:match("%f[%w-]%-%-?sname%s+(%S+)"), false
  if not name then
    name = rest:match("%f[%w-]%-%-?name%s+(%S+)")
    long = name ~= nil
  end
  local said = "a command for the system's shell, not Lua"
  if not name then return said .. ": run it there (q() leaves this one)" end
  local opts = {}
  if long then opts[#opts + 1] = "longnames = true" end
  local cookie = rest:match("%-%-?cookie%s+(%S+)") or rest:match("%-setcookie%s+(%S+)")
  if cookie then opts[#opts + 1] = string.format("cookie = %q", cookie) end
  if (" " .. rest .. " "):match("%s%-%-?hidden%s") then
    opts[#opts + 1] = "hidden = true"
  end
  local call = string.format("node.start(%q", name)
  if #opts > 0 then call = call .. ", {" .. table.concat(opts, ", ") .. "}" end
  return said .. "; here: " .. call .. ")"
end

-- Elixir constructs with no line-for-line Lua: where to look instead.
local CONSTRUCTS = {
  { "^%s*receive%s+do", 'receive takes its patterns as arguments: receive(tuple(atom.ok, ANY), 1000); h"receive"' },
  { "|>", "Lua has no pipe: call the functions inside one another, f(g(x))" },
  { "^%s*defmodule%s", "a module is a table of functions here: M = {}; function M.f() ... end" },
  { "^%s*[{%[].*[}%]]%s*=[^=]", "Lua has no pattern matching: local a, b = untuple(t) takes a tuple's parts" },
}

-- A hint for a chunk Lua could not compile, or nil: the Lua spelling of an
-- Elixir line, or at least of the Elixir names in it.
function M.syntax(src)
  for _, c in ipairs(CONSTRUCTS) do
    if src:find(c[1]) then return c[2] end
  end
  local code, names = lua_spelling(src)
  if code then return "in Lua: " .. code end
  if not names or #names == 0 then return nil end
  local said = {}
  for i = 1, math.min(#names, 3) do
    said[i] = names[i][1] .. " is " .. names[i][2]
  end
  return "that is Elixir; in Lua " .. table.concat(said, ", ")
    .. ' (h"' .. names[1][2] .. '" explains it)'
end

-- The globals an Elixir line names when Lua runs it (Node.self() is valid
-- Lua that indexes a global Node, which does not exist).
local ELIXIR_GLOBALS = { Node = true, Process = true, IO = true,
                         GenServer = true, Kernel = true, node = true }

-- A hint for an error the chunk raised, or nil: Elixir that happened to be
-- valid Lua (Node.self(), IO.puts "x").
function M.error(src, msg)
  local g = type(msg) == "string" and msg:match("^stdin:%d+: .*%(global '([%w_]+)'%)$")
  if not g or not ELIXIR_GLOBALS[g] then return nil end
  local code = lua_spelling(src)
  return code and "in Lua: " .. code or nil
end

-- Identifiers among t's keys, those starting with _ left out (internals).
local function names_in(t)
  local out = {}
  for k in pairs(t) do
    if type(k) == "string" and k:match("^[%a][%w_]*$") then out[#out + 1] = k end
  end
  table.sort(out)
  return out
end

-- "did you mean self()?" for an error that names a missing global or field
-- that is one or two typos from an existing one, or nil.
function M.misspelt(src, msg)
  if type(msg) ~= "string" or not msg:match("^stdin:") then return nil end
  local what, kind, name = msg:match("attempt to (%a+) a nil value %((%a+) '([%w_]+)'%)")
  if not name then return nil end
  local t, prefix = _G, ""
  if kind == "field" then
    -- the table the field was looked up in: a global named before ".name"
    local base = src:match("([%a_][%w_]*)%." .. name .. "%f[^%w_]")
    if not base or type(rawget(_G, base)) ~= "table" then return nil end
    t, prefix = rawget(_G, base), base .. "."
  elseif kind ~= "global" then
    return nil
  end
  local best = near.closest(name, names_in(t))
  if not best then return nil end
  -- the line as typed with the name put right, when it is short
  local line = src:match("^%s*(.-)%s*$")
  if #line <= 60 and not line:find("\n") then
    local fixed, n = line:gsub("%f[%w_.]" .. prefix:gsub("%p", "%%%0") .. name .. "%f[^%w_]",
                               (prefix .. best):gsub("%%", "%%%%"), 1)
    if n == 1 then return "did you mean " .. fixed .. "?" end
  end
  return "did you mean " .. prefix .. best .. (what == "call" and "()" or "") .. "?"
end

return M

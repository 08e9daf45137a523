-- repl.shell: the interactive shell, run as a process (so it has a pid and
-- a mailbox, and receive and flush work in it). Reads a chunk, which may
-- span lines, evaluates it, and prints the results iex-style. An error is
-- printed and the shell goes on; if the shell process itself is killed
-- (a linked process crashed), the front end starts a new one and the
-- prompt counter carries on, as in iex.
local printer = require "repl.printer"
local hint = require "repl.hint"

local M = {}
local counter = 1           -- survives shell restarts: module state

local function compile(src)
  -- an expression first, so that "1 + 1" shows 2, as lua.c does
  local f = load("return " .. src, "=stdin", "t")
  if f then return f end
  return load(src, "=stdin", "t")
end

local function incomplete(err)
  return err ~= nil and err:sub(-5) == "<eof>"
end

-- Reads lines until they form a chunk (or a syntax error that more lines
-- would not fix). Returns the function and the text, nil at EOF, or false
-- for nothing to run: a blank line, or Ctrl-C (_readline gives false),
-- which drops a half-typed chunk, so the next prompt is a fresh one.
local function read_chunk()
  local prompt = string.format("repl(%s)%d> ", node.self(), counter)
  local src = _readline(prompt)
  if not src then return src end
  while true do
    if src:match("^%s*$") then return false end
    local f, err = compile(src)
    if f or not incomplete(err) then return f or err, src end
    local more = _readline(string.format("...(%d)> ", counter))
    if not more then return false end
    src = src .. "\n" .. more
  end
end

-- A hint goes first when it replaces the error (Elixir typed at the
-- prompt: the Lua spelling is what the learner needs, Lua's own error
-- stays below it on one line), after it when it adds to it (a typo).
local function show_error(err, src)
  if typeof(err) == "exit" then error(err, 0) end   -- the shell was killed
  if type(err) == "string" and err:sub(1, 3) == "\n**" then return print(err) end
  local msg = type(err) == "string" and err or printer.repr(err)
  local elixir = hint.error(src, err)
  if elixir then print("** (hint) " .. elixir) end
  print("** (error) " .. msg)
  local typo = not elixir and hint.misspelt(src, err)
  if typo then print("** (hint) " .. typo) end
end

local function show_syntax_error(err, src)
  local elixir = hint.syntax(src)
  if elixir then print("** (hint) " .. elixir) end
  print("** (syntax error) " .. err)
end

local function pack(...) return select("#", ...), {...} end

local function eval(f, src)
  local n, r = pack(xpcall(f, function(e)
    if type(e) == "string" and e:find("interrupted %(Ctrl%-C%)") then
      return "\n** interrupted (Ctrl-C)"   -- after the terminal's ^C
    end
    return e
  end))
  if not r[1] then return show_error(r[2], src) end
  if n > 1 then print(printer.repr_results(n - 1, table.unpack(r, 2, n))) end
end

function M.run()
  while true do
    local f, src = read_chunk()
    if f == nil then return q() end
    if src then
      _history_add(src)
      local command = hint.command(src)   -- "iex --sname a" is valid Lua
      if command then print("** (hint) " .. command)
      elseif type(f) == "string" then show_syntax_error(f, src)
      else eval(f, src) end
      counter = counter + 1
    end
  end
end

return M

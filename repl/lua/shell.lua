-- repl.shell: the interactive shell, run as a process (so it has a pid and
-- a mailbox, and receive and flush work in it). Reads a chunk, which may
-- span lines, evaluates it, and prints the results iex-style. An error is
-- printed and the shell goes on; if the shell process itself is killed
-- (a linked process crashed), the front end starts a new one and the
-- prompt counter carries on, as in iex.
local printer = require "repl.printer"

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
-- would not fix). Returns the function and the text, or nil at EOF.
local function read_chunk()
  local prompt = string.format("repl(%s)%d> ", node.self(), counter)
  local src = _readline(prompt)
  if src == nil then return nil end
  while true do
    if src:match("^%s*$") then return false end
    local f, err = compile(src)
    if f or not incomplete(err) then return f or err, src end
    local more = _readline(string.format("...(%d)> ", counter))
    if more == nil then return false end
    src = src .. "\n" .. more
  end
end

local function show_error(err)
  if typeof(err) == "exit" then error(err, 0) end   -- the shell was killed
  if type(err) == "string" and err:sub(1, 3) == "\n**" then return print(err) end
  local msg = type(err) == "string" and err or printer.repr(err)
  print("** (error) " .. msg)
end

local function pack(...) return select("#", ...), {...} end

local function eval(f)
  local n, r = pack(xpcall(f, function(e)
    if type(e) == "string" and e:find("interrupted %(Ctrl%-C%)") then
      return "\n** interrupted (Ctrl-C)"   -- after the terminal's ^C
    end
    return e
  end))
  if not r[1] then return show_error(r[2]) end
  if n > 1 then print(printer.repr_results(n - 1, table.unpack(r, 2, n))) end
end

function M.run()
  while true do
    local f, src = read_chunk()
    if f == nil then return q() end
    if src then
      _history_add(src)
      if type(f) == "string" then print("** (syntax error) " .. f)
      else eval(f) end
      counter = counter + 1
    end
  end
end

return M

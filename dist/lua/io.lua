-- dist.io: this node's io server, the group leader that processes spawned
-- here by other nodes (and Erlang processes we spawn there) write through.
-- It answers the io protocol's requests, {io_request, From, ReplyAs,
-- Request}, with {io_reply, ReplyAs, Reply}, and formats io:format's
-- requests itself, so that Erlang's output shows up on this terminal.
local A, T = atom, tuple

-- Erlang term syntax, for ~p and ~w.
local term

local function atom_text(a)
  local s = atom_name(a)
  if s:match("^[a-z][%w_@]*$") then return s end
  return "'" .. s:gsub("'", "\\'") .. "'"
end

local function is_charlist(t)
  if #t == 0 then return false end
  for i = 1, #t do
    local c = t[i]
    if math.type(c) ~= "integer" or c < 32 or c > 126 then
      if c ~= 10 and c ~= 9 then return false end
    end
  end
  return true
end

local function chars(t)       -- a list of character codes as a string
  local out = {}
  for i = 1, #t do out[i] = utf8.char(t[i]) end
  return table.concat(out)
end

local function seq(t, pretty)
  local out = {}
  for i = 1, #t do out[i] = term(t[i], pretty) end
  return table.concat(out, ",")
end

function term(v, pretty)
  local k = typeof(v)
  if k == "atom" then return atom_text(v)
  elseif k == "tuple" then
    local out = {}
    for i = 1, #v do out[i] = term(v[i], pretty) end
    return "{" .. table.concat(out, ",") .. "}"
  elseif k == "pid" or k == "ref" then return tostring(v)
  elseif k == "string" then return '<<"' .. v:gsub('"', '\\"') .. '">>'
  elseif k == "boolean" or k == "nil" then return tostring(v)
  elseif k == "number" then return tostring(v)
  elseif k == "table" then
    if next(v) == nil then return "[]" end
    if #v > 0 then
      if pretty and is_charlist(v) then return '"' .. chars(v) .. '"' end
      return "[" .. seq(v, pretty) .. "]"
    end
    local out = {}
    for key, val in pairs(v) do out[#out + 1] = term(key, pretty) .. " => " .. term(val, pretty) end
    table.sort(out)
    return "#{" .. table.concat(out, ",") .. "}"
  end
  return tostring(v)
end

-- Text from chardata: a binary, a list of codes, or nested lists of both.
local function text(v)
  if type(v) == "string" then return v end
  if typeof(v) == "atom" then return atom_name(v) end
  if type(v) == "number" then return utf8.char(v) end
  if type(v) == "table" then
    local out = {}
    for i = 1, #v do out[i] = text(v[i]) end
    return table.concat(out)
  end
  return tostring(v)
end

-- io_lib:format's directives: ~p ~w ~s ~n ~~ ~b ~d ~c ~f ~e ~g ~i, with
-- the t modifier; field widths and precisions are skipped.
local function format(fmt, args)
  fmt = text(fmt)
  local out, i, ai = {}, 1, 1
  local function arg() local v = args[ai]; ai = ai + 1; return v end
  while i <= #fmt do
    local c = fmt:sub(i, i)
    if c ~= "~" then out[#out + 1] = c; i = i + 1
    else
      local j = i + 1
      while fmt:sub(j, j):match("[%d%.%-%*t]") do j = j + 1 end
      local d = fmt:sub(j, j)
      if d == "n" then out[#out + 1] = "\n"
      elseif d == "~" then out[#out + 1] = "~"
      elseif d == "p" or d == "P" then out[#out + 1] = term(arg(), true)
      elseif d == "w" or d == "W" then out[#out + 1] = term(arg(), false)
      elseif d == "s" then out[#out + 1] = text(arg())
      elseif d == "c" then out[#out + 1] = utf8.char(arg())
      elseif d == "i" then arg()
      elseif d:match("[bBdfeg#xX+]") then out[#out + 1] = tostring(arg())
      else out[#out + 1] = "~" .. d end
      i = j + 1
    end
  end
  return table.concat(out)
end

local function request(r)
  if typeof(r) ~= "tuple" then return T(A.error, A.request) end
  local op = r[1]
  if op == A.put_chars and #r == 3 then _write(text(r[3]))
  elseif op == A.put_chars and #r == 2 then _write(text(r[2]))
  elseif op == A.put_chars and #r == 5 and r[3] == A.io_lib and r[4] == A.format then
    local ok, s = pcall(format, r[5][1], r[5][2] or {})
    if not ok then return T(A.error, A.format) end
    _write(s)
  elseif op == A.requests then
    for _, each in ipairs(r[2]) do request(each) end
  elseif op == A.getopts then return {}
  else return T(A.error, A.enotsup) end
  return A.ok
end

local M = {format = format, term = term}

function M.start()
  local pid = spawn(function()
    while true do
      local m = receive()
      if typeof(m) == "tuple" and m[1] == A.io_request and #m == 4 then
        send(m[2], T(A.io_reply, m[3], request(m[4])))
      end
    end
  end)
  register("user", pid)
  return pid
end

return M

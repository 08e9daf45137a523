--[[
printer.lua: how the shell shows values (require "repl.printer").

  printer.repr(v, opts)         -> string
  printer.repr_results(n, ...)  -> "v1, v2, ..." for the n results of a chunk
  printer.defaults              -> the opts repr_results uses; the shell may
                                   set defaults.color / defaults.width

opts (all optional): color (false), width (80), depth (16: deeper
containers show as "..."), limit (100: a container shows at most this many
elements, then "..."; iex does the same at 50).

Conventions (decided in the brief; see DESIGN.md "Values on the wire"):
  strings      "a\nb"        Lua escapes, always on one line; bytes that are
                             not UTF-8 show as \ddd like %q's control chars
  numbers      1  1.5  math.huge  -math.huge  0/0
  atoms, pids, refs          their own tostring: :ok  <0.85.0>  #Ref<...>
  ANY          ANY
  tuples       {:ok, 1}      empty: tuple()
  lists        [1, 2, 3]     a table whose keys are exactly 1..n; the empty
                             table too, [], as it goes on the wire (an
                             empty list), not {}, which reads as Elixir's
                             empty tuple
  maps         {x = 1, ["a b"] = 2, [1] = 3}  every other table; keys in a
               stable order: numbers, then strings, then the rest. Integer
               keys are written out ([1] = ...) so that a map never looks
               like a list.
  tables with __tostring use it; functions and the like show tostring(v).

Layout is iex's: a value that fits in the width stays on one line; one that
does not is broken with its elements indented by two spaces, one per line,
except that a list or tuple of plain values (numbers, atoms, short strings)
is filled line by line, as iex does for long lists.
]]

local M = {}

M.defaults = { color = false, width = 80, depth = 16, limit = 100 }

-- iex's colours (IEx.Config syntax_colors), plus magenta for pids and refs.
local COLOR = {
  atom = "\27[36m", string = "\27[32m", number = "\27[33m",
  boolean = "\27[35m", ["nil"] = "\27[35m", pid = "\27[35m", ref = "\27[35m",
}
local RESET = "\27[0m"

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in
  local nil not or repeat return then true until while]]):gmatch("%a+") do
  KEYWORDS[w] = true
end

-- typeof is a VM global; fall back to type so the printer works without it
-- (tests, or a state where the VM has not installed its globals yet).
local function kind(v)
  local f = rawget(_G, "typeof") or type
  return f(v)
end

-- tostring can run a user's __tostring, which may fail: the printer must
-- never take the shell down with it.
local function safe_tostring(v)
  local ok, s = pcall(tostring, v)
  if ok then return s end
  return "<__tostring failed: " .. tostring(s) .. ">"
end

-- Columns a string takes on the terminal: no escape codes, UTF-8 aware.
local function visible_len(s)
  s = s:gsub("\27%[[%d;]*m", "")
  return utf8.len(s) or #s
end

---------------------------------------------------------------- scalars

local function number_text(x)
  if math.type(x) == "integer" then return string.format("%d", x) end
  if x ~= x then return "0/0" end
  if x == math.huge then return "math.huge" end
  if x == -math.huge then return "-math.huge" end
  return tostring(x)   -- "1.0", "0.5", "1e+100": what Lua prints
end

local ESCAPES = {
  ["\\"] = "\\\\", ['"'] = '\\"', ["\n"] = "\\n", ["\t"] = "\\t",
  ["\r"] = "\\r", ["\a"] = "\\a", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\v"] = "\\v",
}

-- A byte as a decimal escape; three digits when a digit follows, as %q
-- does, so that "\1" .. "2" does not read back as "\12".
local function byte_escape(s, i)
  local nextb = s:byte(i + 1)
  if nextb and nextb >= 48 and nextb <= 57 then
    return string.format("\\%03d", s:byte(i))
  end
  return "\\" .. s:byte(i)
end

-- Length of the UTF-8 sequence a lead byte announces, 0 if it is no lead.
local function utf8_len_of(b)
  if b >= 0xC2 and b <= 0xDF then return 2 end
  if b >= 0xE0 and b <= 0xEF then return 3 end
  if b >= 0xF0 and b <= 0xF4 then return 4 end
  return 0
end

-- Quote a string as Lua source. Unlike %q, a newline is written "\n" so the
-- value stays on one line; valid UTF-8 is kept as text (learners write
-- "héllo"), while stray bytes (binaries from Erlang) are escaped.
local function quote(s)
  if not s:find('[%c"\\\128-\255]') then return '"' .. s .. '"' end
  local out, i, n = {}, 1, #s
  while i <= n do
    local b = s:byte(i)
    local step = 1
    if b < 128 then
      local c = s:sub(i, i)
      out[#out + 1] = ESCAPES[c]
        or ((b < 32 or b == 127) and byte_escape(s, i))
        or c
    else
      local len = utf8_len_of(b)
      local seq = len > 0 and s:sub(i, i + len - 1)
      if seq and #seq == len and utf8.len(seq) == 1 then
        out[#out + 1], step = seq, len
      else
        out[#out + 1] = byte_escape(s, i)
      end
    end
    i = i + step
  end
  return '"' .. table.concat(out) .. '"'
end

---------------------------------------------------------------- documents

-- A value is first turned into a small document tree, then laid out.
--   leaf:  { text = s, width = n }
--   group: { open = s, close = s, items = {...}, width = n, fill = bool }
--   item:  { prefix = s, pwidth = n, doc = d }   (prefix is "key = " or "")
-- width is always the width of the one-line form.

local function leaf(text, ctx, colorkey)
  local width = visible_len(text)
  if ctx.color and colorkey and COLOR[colorkey] then
    text = COLOR[colorkey] .. text .. RESET
  end
  return { text = text, width = width }
end

local function group(open, close, items, fill)
  local width = #open + #close + 2 * math.max(#items - 1, 0)
  for _, it in ipairs(items) do width = width + it.pwidth + it.doc.width end
  return { open = open, close = close, items = items, width = width,
           fill = fill }
end

local function item(doc, prefix, pwidth)
  return { doc = doc, prefix = prefix or "", pwidth = pwidth or 0 }
end

-- The one-line form of a document.
local function flat(doc)
  if not doc.items then return doc.text end
  local parts = {}
  for i, it in ipairs(doc.items) do parts[i] = it.prefix .. flat(it.doc) end
  return doc.open .. table.concat(parts, ", ") .. doc.close
end

local build   -- forward: build(v, ctx, depth) -> doc

-- The keys 1..n of a table with no other keys, or nil. Raw access: the
-- table's metatable (if any) must not change what it is on the wire.
local function sequence_length(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  if n == 0 then return nil end
  for i = 1, n do
    if rawget(t, i) == nil then return nil end
  end
  return n
end

local KIND_ORDER = { boolean = 1, atom = 2, tuple = 3, pid = 4, ref = 5,
                     any = 6, table = 7 }

-- Sort keys: numbers by value, then strings, then everything else by kind
-- and by how it prints, so the order is the same on every run.
local function sorted_keys(t)
  local keys, label = {}, {}
  for k in next, t do
    keys[#keys + 1] = k
    local ty = type(k)
    if ty ~= "number" and ty ~= "string" then
      local kk = kind(k)
      label[k] = string.format("%02d%s", KIND_ORDER[kk] or 99, kk)
        .. M.repr(k, { color = false, depth = 2, width = math.huge })
    end
  end
  local function rank(k)
    local ty = type(k)
    return ty == "number" and 1 or ty == "string" and 2 or 3
  end
  table.sort(keys, function(a, b)
    local ra, rb = rank(a), rank(b)
    if ra ~= rb then return ra < rb end
    if ra == 3 then return label[a] < label[b] end
    return a < b
  end)
  return keys
end

-- "name = " for identifier keys, "[key] = " for everything else.
local function key_prefix(k, ctx, depth)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k] then
    return k .. " = ", #k + 3
  end
  local d = build(k, ctx, depth)
  return "[" .. flat(d) .. "] = ", d.width + 5
end

-- Tuples and lists: n elements, element i is get(i). A run of plain values
-- is marked for filling; anything nested goes one per line.
local function build_seq(get, n, open, close, ctx, depth)
  local items, all_leaves = {}, true
  for i = 1, math.min(n, ctx.limit) do
    local d = build(get(i), ctx, depth + 1)
    all_leaves = all_leaves and d.items == nil
    items[#items + 1] = item(d)
  end
  if n > ctx.limit then items[#items + 1] = item(leaf("...", ctx)) end
  return group(open, close, items, all_leaves)
end

local function build_tuple(v, ctx, depth)
  local n = #v
  if n == 0 then return leaf("tuple()", ctx) end
  return build_seq(function(i) return v[i] end, n, "{", "}", ctx, depth)
end

local function build_list(t, n, ctx, depth)
  return build_seq(function(i) return rawget(t, i) end, n, "[", "]",
                   ctx, depth)
end

local function build_map(t, ctx, depth)
  local keys = sorted_keys(t)
  if #keys == 0 then return leaf("[]", ctx) end   -- the empty list
  local items = {}
  for i = 1, math.min(#keys, ctx.limit) do
    local k = keys[i]
    local prefix, pwidth = key_prefix(k, ctx, depth + 1)
    items[#items + 1] = item(build(rawget(t, k), ctx, depth + 1),
                             prefix, pwidth)
  end
  if #keys > ctx.limit then items[#items + 1] = item(leaf("...", ctx)) end
  return group("{", "}", items, false)
end

local function has_tostring(t)
  local mt = getmetatable(t)
  return type(mt) == "table" and rawget(mt, "__tostring") ~= nil
end

-- Containers: guard against cycles (only the current path counts, so a
-- table shared by two fields prints twice, as it would be sent) and depth.
local function build_container(v, k, ctx, depth)
  if ctx.path[v] then return leaf("<cycle>", ctx) end
  if depth >= ctx.depth then return leaf("...", ctx) end
  ctx.path[v] = true
  local d
  if k == "tuple" then
    d = build_tuple(v, ctx, depth)
  else
    local n = sequence_length(v)
    d = n and build_list(v, n, ctx, depth) or build_map(v, ctx, depth)
  end
  ctx.path[v] = nil
  return d
end

build = function(v, ctx, depth)
  local k = kind(v)
  if k == "string" then return leaf(quote(v), ctx, "string") end
  if k == "number" then return leaf(number_text(v), ctx, "number") end
  if k == "boolean" or k == "nil" then return leaf(tostring(v), ctx, k) end
  if k == "atom" or k == "pid" or k == "ref" then
    return leaf(safe_tostring(v), ctx, k)
  end
  if k == "any" then return leaf("ANY", ctx) end
  if k == "tuple" then return build_container(v, k, ctx, depth) end
  if k == "table" then
    if has_tostring(v) then return leaf(safe_tostring(v), ctx) end
    return build_container(v, k, ctx, depth)
  end
  return leaf(safe_tostring(v), ctx)   -- function, thread, userdata, ...
end

---------------------------------------------------------------- layout

local render   -- forward: render(doc, col, indent, trail, width, out)

-- Broken form, one element per line.
local function render_lines(doc, indent, width, out)
  local inner = indent + 2
  local pad = "\n" .. string.rep(" ", inner)
  local n = #doc.items
  for i, it in ipairs(doc.items) do
    out[#out + 1] = pad .. it.prefix
    local trail = i < n and 1 or 0
    render(it.doc, inner + it.pwidth, inner, trail, width, out)
    if i < n then out[#out + 1] = "," end
  end
end

-- Broken form for plain values: as many per line as fit.
local function render_fill(doc, indent, width, out)
  local inner = indent + 2
  local pad = "\n" .. string.rep(" ", inner)
  local n, col = #doc.items, inner
  out[#out + 1] = pad
  for i, it in ipairs(doc.items) do
    local w = it.doc.width + (i < n and 1 or 0)   -- with its comma
    if i > 1 then
      if col + 1 + w <= width then
        out[#out + 1], col = " ", col + 1
      else
        out[#out + 1], col = pad, inner
      end
    end
    out[#out + 1] = it.doc.text .. (i < n and "," or "")
    col = col + w
  end
end

-- col: the column doc starts at; trail: how many characters follow doc on
-- its last line (a comma), which must fit too.
render = function(doc, col, indent, trail, width, out)
  if not doc.items or col + doc.width + trail <= width then
    out[#out + 1] = flat(doc)
    return
  end
  out[#out + 1] = doc.open
  if doc.fill then
    render_fill(doc, indent, width, out)
  else
    render_lines(doc, indent, width, out)
  end
  out[#out + 1] = "\n" .. string.rep(" ", indent) .. doc.close
end

---------------------------------------------------------------- API

local function options(opts)
  opts = opts or {}
  local o = {}
  for k, v in pairs(M.defaults) do o[k] = v end
  for k, v in pairs(opts) do o[k] = v end
  if o.limit == false then o.limit = math.huge end
  return o
end

function M.repr(v, opts)
  local o = options(opts)
  local ctx = { color = o.color, depth = o.depth, limit = o.limit,
                path = {} }
  local ok, res = pcall(function()
    local out = {}
    render(build(v, ctx, 0), 0, 0, 0, o.width, out)
    return table.concat(out)
  end)
  if ok then return res end
  -- A value whose metamethods misbehave must not break the shell.
  return "<unprintable " .. kind(v) .. ": " .. tostring(res) .. ">"
end

-- The shell shows `return 1, nil, 3` as `1, nil, 3`: n says how many
-- results there are, since trailing nils are results too.
function M.repr_results(n, ...)
  n = n or select("#", ...)
  local parts = {}
  for i = 1, n do
    parts[i] = M.repr((select(i, ...)), M.defaults)
  end
  return table.concat(parts, ", ")
end

return M

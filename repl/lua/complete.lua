-- repl.complete: tab completion of globals and of fields, "string.up" ->
-- "string.upper". Returns the full candidates for the word typed so far.
local function fields(t, prefix, base, out)
  if type(t) ~= "table" then return end
  for k in pairs(t) do
    if type(k) == "string" and k:sub(1, #prefix) == prefix
        and k:match("^[%a_][%w_]*$") and k:sub(1, 1) ~= "_" then
      local v = t[k]
      local suffix = type(v) == "table" and "." or type(v) == "function" and "(" or ""
      out[#out + 1] = base .. k .. suffix
    end
  end
end

return function(text)
  local out = {}
  local path, sep, last = text:match("^(.*)([.:])([%w_]*)$")
  if path then
    local t = _G
    for part in path:gmatch("[^.]+") do
      if type(t) ~= "table" then return out end
      t = rawget(t, part)
    end
    if sep == ":" and type(t) == "string" then t = string end
    fields(t, last, path .. sep, out)
  else
    fields(_G, text, "", out)
    for _, kw in ipairs{"function", "local", "return", "while", "repeat",
                        "until", "then", "else", "elseif", "end", "for",
                        "true", "false", "nil", "and", "or", "not"} do
      if kw:sub(1, #text) == text then out[#out + 1] = kw end
    end
  end
  table.sort(out)
  return out
end

-- repl.near: which known name a misspelt one was meant to be, for the
-- "did you mean" of h"spwan" (repl.help) and of a misspelt global typed
-- at the prompt (repl.hint).
local M = {}

-- Edit distance, counting a swap of two neighbours as one edit: "spwan" is
-- one typo away from "spawn", not two.
function M.distance(a, b)
  local d = {}
  for i = 0, #a do d[i] = { [0] = i } end
  for j = 0, #b do d[0][j] = j end
  for i = 1, #a do
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      d[i][j] = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                         d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and a:sub(i, i) == b:sub(j - 1, j - 1)
         and a:sub(i - 1, i - 1) == b:sub(j, j) then
        d[i][j] = math.min(d[i][j], d[i - 2][j - 2] + 1)
      end
    end
  end
  return d[#a][#b]
end

-- The candidate closest to name, or nil when none is close enough to be a
-- typo of it: one edit for a name of up to four letters, two for longer
-- ones. Ties go to the first in sort order, so the answer is the same on
-- every run. Case is ignored ("Self" finds "self").
function M.closest(name, candidates)
  local best, best_d
  local limit = #name <= 4 and 1 or 2
  local low = name:lower()
  for _, c in ipairs(candidates) do
    if c ~= name then
      local d = M.distance(low, c:lower())
      if d <= limit and (best_d == nil or d < best_d
                         or (d == best_d and c < best)) then
        best, best_d = c, d
      end
    end
  end
  return best
end

return M

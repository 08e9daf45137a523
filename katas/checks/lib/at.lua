-- katas/checks/lib/at.lua: for checks that number the cluster's nodes, 0
-- for this one (the grader's) and i for peer i, and run the learner's
-- functions on any of them alike. Load it with
--   local at = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/at.lua")
-- at(k, i, "fname", ...) is the learner's fname(...) on node i: k.call
-- for 0, k.on(k.node(i), ...) otherwise. at.name(k, i) is node i's name.
local M = {}

function M.name(k, i) return i == 0 and node.self() or k.node(i) end

local function call(_, k, i, fname, ...)
  if i == 0 then return k.call(fname, ...) end
  return k.on(k.node(i), fname, ...)
end

return setmetatable(M, {__call = call})

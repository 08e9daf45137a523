-- scripts/lib/project.lua: the code that a drill running a project (the
-- Todo cluster, the integration exercises, the chat, kata 83's patterns)
-- loads on its nodes. Guided (--guide, or the learner's own named node),
-- it is the learner's own kata solution, katas/NN_topic.lua in the folder
-- the terminals start from, loaded as `iex -S mix` loads one's project;
-- self-running, the drill's own demonstration code, in scripts/lib/demo/
-- beside this file (installed with the drills). Never the katas' answer
-- key, which stays in tests/.
--   local project = dofile(<the drill's folder> .. "../lib/project.lua")
--   local code = project.code({"katas/35_lock_manager.lua"}, "lock_manager.lua")
--   code.load("type(with_lock)")   the code a load step types
--   code.whose                     whose code it is, for its narration
local M = {}

-- Is the drill being read or typed by a learner rather than run by itself?
M.guided = (arg ~= nil and arg[1] ~= nil) or node.alive()

-- This file's folder, without the x/../ of a path built from a drill's
-- ("scripts/exercises/../lib/" is "scripts/lib/").
local function folder()
  local path = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." and #parts > 0 and parts[#parts] ~= ".." then parts[#parts] = nil
    elseif part ~= "." then parts[#parts + 1] = part end
  end
  return (path:sub(1, 1) == "/" and "/" or "") .. table.concat(parts, "/") .. (#parts > 0 and "/" or "")
end
local here = folder()

-- katas: the learner's files, in load order; demo: the file in lib/demo/.
function M.code(katas, demo)
  local files = M.guided and katas or { here .. "demo/" .. demo }
  local listed = table.concat(katas, ", ")
  return {
    -- The code of a load step: the files, then result (Lua, returned so
    -- that the step shows the code is there).
    load = function(result)
      local lines = {}
      for _, f in ipairs(files) do lines[#lines + 1] = ('dofile("%s")'):format(f) end
      lines[#lines + 1] = "return " .. result
      return table.concat(lines, "\n")
    end,
    whose = M.guided
      and "your own code, " .. listed .. (#katas > 1 and " (write them first, until repl --check passes for each" or " (write it first, until repl --check passes for it")
         .. "; the terminals start in the folder that holds katas/)"
      or "the drill's own demonstration code, scripts/lib/demo/" .. demo .. " (in the guide, the learner's own " .. listed .. ")",
  }
end

return M

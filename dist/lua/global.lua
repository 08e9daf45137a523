-- dist.global: (being written) the global module.
local M = {}
-- Called when the node becomes distributed (dist/lua/node.lua, _dist_started).
function M._start() end
return M

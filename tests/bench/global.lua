-- tests/bench/global.lua ROLE ...: global register/unregister pairs per
-- second in a three-node cluster (tests/bench/run starts the nodes). The
-- faithful equivalent of bench_global.erl on three erl nodes.
--
--   global.lua serve        a node of the cluster: registers "bench", which
--                           stops the node on stop
--   global.lua a N PEER...  the driver (PEERs: short names on this host):
--                           connects, waits for global.sync, then times N
--                           pairs register_name(name, self()) and
--                           unregister_name(name), each name new; reports
--                           global_pairs_per_s; stops the peers and halts.
local lib = dofile(arg[0]:match("^(.*/)") .. "lib.lua")
local clock = lib.clock
local role = arg[1]

if role == "serve" then lib.serve(); return end
if role ~= "a" then lib.bad_args("usage: global.lua serve | global.lua a N PEER...") end
local N = lib.integer(arg[2])
local peers = {}
for i = 3, #arg do peers[#peers + 1] = lib.peer(arg[i]) end
if not N or #peers == 0 then
  lib.bad_args("global.lua a: N (an integer) and at least one PEER")
end

lib.run("global.lua a", peers, function()
  for _, p in ipairs(peers) do lib.connect(p) end
  global.sync()
  local me = self()
  for i = 1, 50 do              -- warm up
    global.register_name("warm" .. i, me)
    global.unregister_name("warm" .. i)
  end
  local t0 = clock.now_ns()
  for i = 1, N do
    local name = "bench" .. i
    local ok, why = global.register_name(name, me)
    if not ok then error("register_name " .. name .. " failed: " .. tostring(why), 0) end
    global.unregister_name(name)
  end
  local dt = clock.elapsed_ns(t0)
  clock.report("global_pairs_per_s", N / (dt / 1e9))
end)

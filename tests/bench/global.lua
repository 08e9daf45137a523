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
local role = arg[1]
local A = atom

if role == "serve" then
  register("bench", spawn(function()
    receive(A.stop)
    halt(0)
  end))
  return
end

if role ~= "a" then
  io.stderr:write("usage: global.lua serve | global.lua a N PEER...\n")
  halt(2)
end
local clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")
local N = math.tointeger(tonumber(arg[2] or ""))
local host = node.self():match("@(.*)$")
local peers = {}
for i = 3, #arg do peers[#peers + 1] = arg[i] .. "@" .. host end
if not N or #peers == 0 then
  io.stderr:write("global.lua a: N (an integer) and at least one PEER\n")
  halt(2)
end

local function main()
  for _, p in ipairs(peers) do
    local ok, why = node.connect(p)
    if not ok then error("cannot connect to " .. p .. ": " .. tostring(why), 0) end
  end
  global.sync()
  local me = self()
  for i = 1, 50 do              -- warm up
    global.register_name("warm" .. i, me)
    global.unregister_name("warm" .. i)
  end
  local t0 = clock.now_ns()
  for i = 1, N do
    local name = "bench" .. i
    if not global.register_name(name, me) then error("register_name " .. name .. " failed", 0) end
    global.unregister_name(name)
  end
  local dt = clock.elapsed_ns(t0)
  clock.report("global_pairs_per_s", N / (dt / 1e9))
  for _, p in ipairs(peers) do send(tuple("bench", p), A.stop) end
  sleep(50)
end

local ok, err = pcall(main)
if not ok then
  io.stderr:write("global.lua a: ", tostring(err), "\n")
  halt(1)
end
halt(0)

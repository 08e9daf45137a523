-- tests/bench/lib.lua: what the benchmarks between nodes (dist, rpc,
-- global, pg) share, loaded with dofile beside them. bench_lib.erl is the
-- Erlang side's equivalent. The runner (tests/bench/run) starts the serving
-- nodes, waits until epmd lists them, runs the driver, and reads the
-- "name value" lines it prints.
local M = {}

M.clock = dofile(arg[0]:match("^(.*/)") .. "clock.lua")

-- The full name of the node with short name SHORT on this host.
function M.peer(short)
  return short .. "@" .. node.self():match("@(.*)$")
end

-- S as an integer, or nil when it is not one.
function M.integer(s)
  return math.tointeger(tonumber(s or ""))
end

-- Says TEXT (how to run the script) and ends the node with status 2.
function M.bad_args(text)
  io.stderr:write(text, "\n")
  halt(2)
end

-- Registers "bench", which halts the node on stop and hands any other
-- message to on_message (when given).
function M.serve(on_message)
  register("bench", spawn(function()
    while true do
      local m = receive()
      if m == atom.stop then halt(0) end
      if on_message then on_message(m) end
    end
  end))
end

-- Connects to PEER, or raises an error that says why not.
function M.connect(peer)
  local ok, why = node.connect(peer)
  if not ok then error("cannot connect to " .. peer .. ": " .. tostring(why), 0) end
end

-- Runs the driver BODY under pcall (an error must end the node: a named
-- node stays up after its script, and the runner would wait), then tells
-- every one of PEERS to stop, even after an error, and halts: 0 when BODY
-- ran through, 1 (after saying why, prefixed with NAME) when it failed.
function M.run(name, peers, body)
  local ok, err = pcall(body)
  for _, p in ipairs(peers) do send(tuple("bench", p), atom.stop) end
  sleep(50)          -- let the stops leave before the connections go
  if not ok then
    io.stderr:write(name, ": ", tostring(err), "\n")
    halt(1)
  end
  halt(0)
end

return M

-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 6: a blocking
-- :rpc.call. Its default timeout is :infinity, and ours is no limit too: a
-- call to a node that never answers blocks the caller for ever. Always
-- give a timeout. clock() reads the wall clock in milliseconds (Lua has
-- none built in; `date` gives it).
local drill = require "repl.drill"

drill.run {
  title = "Kata 83, pitfall 6: rpc.call without a timeout blocks",
  seed = "000_d3057ad8855411e3.txt, Common Pitfalls 6",
  nodes = { "alice", "bob" },
  steps = {
    { on = "alice", type = [[function clock()
  local p = io.popen("date +%s%3N")
  local ms = tonumber(p:read("l")); p:close()
  return ms
end]] },
    { say = "bob is slow (1 s). Without a timeout, alice's shell waits the whole time; had bob hung, it would wait for ever.",
      on = "alice", type = [[t0 = clock()
answer = rpc.call("bob@HOST", function() sleep(1000) return "late answer" end)
return answer, clock() - t0]], expect = [["late answer", about 1000 (ms)]],
      check = function(a, ms) return a == "late answer" and ms >= 900, "expected the late answer after 1000 ms" end,
      wait = 10000 },
    { say = "A call that never returns, in a process of its own: half a second later it is still stuck.",
      on = "alice", type = [[stuck = spawn(function() rpc.call("bob@HOST", function() receive() end) end)
sleep(500)
return is_alive(stuck)]], expect = "true", check = "true" },
    { on = "alice", type = [[exit(stuck, "kill")]], expect = "true", check = "true" },
    { say = "With a timeout (300 ms), alice gets {:badrpc, :timeout} and goes on.",
      on = "alice", type = [[t0 = clock()
answer, err = rpc.call("bob@HOST", function() sleep(1000) return "late answer" end, {}, 300)
return answer, err, clock() - t0]], expect = "nil, {:badrpc, :timeout}, about 300",
      check = function(a, err, ms)
        return a == nil and typeof(err) == "tuple" and err[2] == atom.timeout and ms < 1000
      end },
  },
}

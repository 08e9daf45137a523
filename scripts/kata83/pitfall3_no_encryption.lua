-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 3: the cookie is not
-- encryption. Distribution traffic is plain bytes on the wire; the cookie
-- only decides who may connect (in the handshake each side proves it knows
-- the cookie by sending an MD5 digest of the cookie and a random challenge,
-- so the cookie itself never crosses). We have no TLS distribution, so
-- this drill shows the bare truth: bob watches the bytes his process reads
-- from the network (strace, in another terminal `strace -e trace=read -s
-- 4096 -p <bob's pid>`), alice sends a secret, and the secret is there in
-- clear, while the cookie is not. With no strace (or no right to trace)
-- the drill says so and shows the handshake's check instead: a wrong
-- cookie is refused.
local drill = require "repl.drill"

local traced   -- did strace attach? (from step 2's answer)

drill.run {
  title = "Kata 83, pitfall 3: the cookie is not encryption",
  seed = "000_d3057ad8855411e3.txt, Security Warning and Common Pitfalls 3",
  nodes = { "alice", "bob" },
  steps = {
    { on = "bob", type = [[register("inbox", self())]], expect = "true", check = "true" },
    { say = "bob starts strace on his own process, writing what it reads to a file, and waits until it is attached.",
      on = "bob", type = [[log = os.tmpname()
my_pid = io.open("/proc/self/stat"):read("n")
if os.execute("command -v strace >/dev/null 2>&1") then
  os.execute("strace -qq -f -e trace=read,readv,recvfrom,recvmsg -s 4096 -o " .. log
    .. " -p " .. my_pid .. " 2>/dev/null & echo $! > " .. log .. ".pid")
end
function tracer() return io.open("/proc/self/status"):read("a"):match("TracerPid:%s*(%d+)") end
for i = 1, 150 do if tracer() ~= "0" then break end sleep(20) end
return tracer() ~= "0"]],
      expect = "true (false: no strace here, or no right to trace)",
      check = function(ok) traced = ok; return type(ok) == "boolean" end },
    { say = "alice connects (the handshake) and sends a secret.",
      on = "alice", type = [[node.connect("bob@HOST"), send(tuple("inbox", "bob@HOST"), "the launch code is 0000")]],
      expect = [[true, "the launch code is 0000"]], check = [[true, "the launch code is 0000"]] },
    { on = "bob", type = [[receive(2000)]], expect = [["the launch code is 0000"]], check = [["the launch code is 0000"]] },
    { say = "bob stops strace and searches the bytes he read: the secret is there in clear; the cookie is not (only its digest crossed).",
      on = "bob", type = [[if tracer() == "0" then return "not traced" end
os.execute("kill " .. io.open(log .. ".pid"):read("n"))
for i = 1, 150 do if tracer() == "0" then break end sleep(20) end
bytes = io.open(log):read("a")
os.remove(log); os.remove(log .. ".pid")
return bytes:find("the launch code is 0000", 1, true) ~= nil, bytes:find(node.get_cookie(), 1, true) ~= nil]],
      expect = "true, false: the message readable, the cookie absent",
      check = function(secret_seen, cookie_seen)
        if traced == false then return secret_seen == "not traced" end
        return secret_seen == true and cookie_seen == false
      end },
    { say = "What the cookie does check: a node with another cookie is refused at the handshake (pitfall 2). For privacy, Erlang uses TLS distribution (-proto_dist inet_tls); this project has none yet.",
      on = "alice", type = [[stranger = peer.start{name = "stranger", cookie = "not_ours", connect = false}
ok, why = node.connect(stranger.node)
peer.stop(stranger)
return ok, why]],
      expect = [[false, "cookie mismatch: ..."]],
      check = function(ok, why) return ok == false and tostring(why):find("cookie", 1, true) ~= nil end },
  },
}

-- Kata 83 (seed 000_d3057ad8855411e3.txt), pitfall 3: the cookie is not
-- encryption. Distribution traffic is plain bytes on the wire; the cookie
-- only decides who may connect (in the handshake each side proves it knows
-- the cookie by sending an MD5 digest of the cookie and a random challenge,
-- so the cookie itself never crosses). This drill shows the bare truth of
-- plain distribution (pitfall3_tls.lua repeats it over TLS distribution,
-- the remedy the seed names): bob watches the bytes his process reads
-- from the network (strace, in another terminal `strace -e trace=read -s
-- 4096 -p <bob's pid>`), alice sends a secret, and the secret is there in
-- clear, while the cookie is not. With no strace (or no right to trace)
-- the drill says so and shows the handshake's check instead: a wrong
-- cookie is refused.
local drill = require "repl.drill"
local wiretap = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/wiretap.lua")

-- the steps in the middle: watch the wire, send, receive, search it
local steps = wiretap(true)

drill.run {
  title = "Kata 83, pitfall 3: the cookie is not encryption",
  seed = "000_d3057ad8855411e3.txt, Security Warning and Common Pitfalls 3",
  nodes = { "alice", "bob" },
  steps = {
    { on = "bob", type = [[register("inbox", self())]], expect = "true", check = "true" },
    steps[1], steps[2], steps[3], steps[4],
    { say = "What the cookie does check: a node with another cookie is refused at the handshake (pitfall 2). For privacy, start every node with --tls-certfile (erl: -proto_dist inet_tls); pitfall3_tls.lua shows the same experiment over TLS.",
      on = "alice", type = [[stranger = peer.start{name = "stranger", cookie = "not_ours", connect = false}
ok, why = node.connect(stranger.node)
peer.stop(stranger)
return ok, why]],
      expect = [[false, "cookie mismatch: ..."]],
      check = function(ok, why) return ok == false and tostring(why):find("cookie", 1, true) ~= nil end },
  },
}

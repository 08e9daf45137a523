-- Kata 83 (seed 000_d3057ad8855411e3.txt), Security Warning, the remedy:
-- TLS distribution. The same experiment as pitfall3_no_encryption.lua (bob
-- watches the bytes his process reads from the network while alice sends
-- a secret), with both nodes started with a certificate (--tls-certfile,
-- as erl's -proto_dist inet_tls): the secret arrives, but it is not in
-- what crossed the wire. With no strace (or no right to trace) the drill
-- still shows the message arriving over TLS.
local drill = require "repl.drill"
local wiretap = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "../lib/wiretap.lua")

-- the steps in the middle: watch the wire, send, receive, search it
local steps = wiretap(false)

drill.run {
  title = "Kata 83, Security Warning: TLS distribution",
  seed = "000_d3057ad8855411e3.txt, Security Warning (-proto_dist inet_tls)",
  nodes = { "alice", "bob" },
  tls = true,
  steps = {
    { say = "Both nodes were started with --tls-certfile: every connection between them is TLS, the distribution handshake and the messages inside it.",
      on = "bob", type = [[register("inbox", self())]], expect = "true", check = "true" },
    steps[1], steps[2], steps[3], steps[4],
    { say = "An erl or iex node joins such a cluster with -proto_dist inet_tls -ssl_dist_optfile FILE, the file naming the same certificate: [{server, [{certfile, \"cert.pem\"}, {keyfile, \"key.pem\"}]}, {client, [{certfile, \"cert.pem\"}, {keyfile, \"key.pem\"}]}]. A node without TLS is refused, and both sides say why." },
  },
}

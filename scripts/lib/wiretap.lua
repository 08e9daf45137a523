-- scripts/lib/wiretap.lua: the steps of the kata 83 security drills
-- (pitfall3_no_encryption.lua, pitfall3_tls.lua) that watch the wire: bob
-- straces what his own process reads from the network while alice sends
-- him a secret, then searches those bytes for the secret and the cookie.
-- wiretap(clear) returns the four steps; clear says whether the secret
-- should be readable on the wire. Without strace (or the right to trace)
-- the search step says "not traced" and the drill still passes.
return function(clear)
  local traced   -- did strace attach? (the watch step's answer)
  return {
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
    { say = "alice connects (the handshake" .. (clear and "" or ": TLS's, then the cookie's")
        .. ") and sends a secret.",
      on = "alice", type = [[node.connect("bob@HOST"), send(tuple("inbox", "bob@HOST"), "the launch code is 0000")]],
      expect = [[true, "the launch code is 0000"]], check = [[true, "the launch code is 0000"]] },
    { on = "bob", type = [[receive(2000)]], expect = [["the launch code is 0000"]], check = [["the launch code is 0000"]] },
    { say = "bob stops strace and searches the bytes he read: " .. (clear
        and "the secret is there in clear; the cookie is not (only its digest crossed)."
        or "this time neither the secret nor the cookie is there."),
      on = "bob", type = [[if tracer() == "0" then return "not traced" end
os.execute("kill " .. io.open(log .. ".pid"):read("n"))
for i = 1, 150 do if tracer() == "0" then break end sleep(20) end
bytes = io.open(log):read("a")
os.remove(log); os.remove(log .. ".pid")
return bytes:find("the launch code is 0000", 1, true) ~= nil, bytes:find(node.get_cookie(), 1, true) ~= nil]],
      expect = clear and "true, false: the message readable, the cookie absent"
        or "false, false: the message unreadable on the wire, the cookie absent",
      check = function(secret_seen, cookie_seen)
        if traced == false then return secret_seen == "not traced" end
        return secret_seen == clear and cookie_seen == false
      end },
  }
end

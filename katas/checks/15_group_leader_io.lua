-- Checks of katas/15_group_leader_io.lua (format: katas/README.md).
-- Where a line shows is observed: the check's own group leader is a sink
-- (lib/output.lua) that stands for this node's terminal, and a peer that
-- a check starts itself hands every line of its real terminal (its
-- stdout) to the check. Texts are random, so none can be written ahead.

local here = debug.getinfo(1, "S").source:match("^@(.*/)")
local output = dofile(here .. "lib/output.lua")

local function marker(what) return what .. "-" .. math.random(100000, 999999) end

-- A peer of the check's own whose terminal lines come to the calling
-- process as tuple("terminal", line). Returns its handle, or nil and why.
local function watched_peer()
  local me = self()
  return peer.start{name = "n15_" .. math.random(1000, 9999),
                    output = function(line) send(me, tuple("terminal", line)) end}
end

-- A group leader that tells parent of each line and of the node of the
-- process that printed it: tuple("printed", node, text).
local function recorder(parent)
  while true do
    local m = receive()
    if typeof(m) == "tuple" and m[1] == atom.io_request and #m == 4 then
      local r = m[4]
      if typeof(r) == "tuple" and r[1] == atom.put_chars then send(parent, tuple("printed", node_of(m[2]), r[#r])) end
      send(m[2], tuple(atom.io_reply, m[3], atom.ok))
    end
  end
end

-- Waits up to ms for a terminal line equal to want; true or false.
local function terminal_shows(want, ms)
  return receive(tuple("terminal", want), ms) ~= nil
end

-- capture(f)'s text must be want, and none of it (first, its first
-- line) on this node's terminal: true, or false, want and got.
local function captured(k, got, want, first)
  if got ~= want then return k.same(got, want) end
  if output.printed():find(first, 1, true) then return false, "nothing of it here", "it showed here too" end
  return true
end

-- Waits (up to about 800 ms) for the sink to hold text; the sink's text.
local function sink_holds(text)
  local got = output.printed()
  for _ = 1, 40 do
    if got:find(text, 1, true) then break end
    sleep(20)
    got = output.printed()
  end
  return got:find(text, 1, true) ~= nil, got
end

return {
  title = "output and the group leader",
  hint = {"Output goes to the printing process's group leader, which a process inherits from its spawner, wherever it runs.",
          "group_leader(gl, self()) changes where a process prints; an io server is a process that answers io requests."},
  cluster = {peers = 2},
  timeout = 2000,
  checks = {
    {
      name = "spawn_hello(n) runs on n, and its line shows here, on the spawner's terminal",
      hint = {"Which node must run the process, and which node's name does it print? Spawn it there; do not make up the line here.",
              "node.spawn(n, fn): inside fn, node.self() is n's name. The line comes back here by itself: the process inherits your group leader.",
              "return node.spawn(n, function() print(\"Running on \" .. node.self()) end)"},
      run = function(k)
        local rec = spawn(recorder, self())
        group_leader(rec, self())
        local n = k.node(1)
        local ok, pid = pcall(k.call, "spawn_hello", n)
        local line = ok and receive(tuple("printed", ANY, ANY), 800)
        output.quiet()
        exit(rec, "kill")
        if not ok then error(pid, 0) end
        if typeof(pid) ~= "pid" then return false, "a pid", k.show(pid) end
        if node_of(pid) ~= n then return false, "a process of " .. n, "a process of " .. node_of(pid) end
        if not line then return false, "the line \"Running on " .. n .. "\" on this node's terminal", "nothing printed here" end
        if line[3] ~= "Running on " .. n .. "\n" then return k.same(line[3], "Running on " .. n .. "\n") end
        if line[2] ~= n then return false, "the line printed by the process on " .. n, "printed by a process of " .. line[2] end
        return true
      end,
    },
    {
      name = "print_on(n, text) shows text on n's own terminal, not here",
      timeout = 2500,
      hint = {"A process spawned on n still prints here: it inherited your group leader. What must its group leader be instead?",
              "On n, whereis(\"user\") is n's terminal io server; the printing process makes it its group leader (group_leader(gl, self())) before it prints.",
              "node.spawn(n, function(t) group_leader(whereis(\"user\"), self()); print(t) end, text)"},
      run = function(k)
        output.quiet()
        local h, why = watched_peer()
        if not h then return false, "a peer node to print on", k.show(why) end
        local text = marker("note")
        local ok, err = pcall(k.call, "print_on", h.node, text)
        local shown = ok and terminal_shows(text, 800)
        pcall(peer.stop, h)
        if not ok then error(err, 0) end
        local leaked = output.printed():find(text, 1, true)
        if not shown then
          return false, "the line " .. text .. " on " .. h.node .. "'s terminal",
                 leaked and "it showed here, on the caller's terminal" or "it showed on neither terminal"
        end
        if leaked then return false, "the line on " .. h.node .. "'s terminal only", "it showed here too" end
        return true
      end,
    },
    {
      name = "capture(f) returns what f printed, and none of it shows here",
      hint = {"print goes to the group leader: make f's process print to a process of yours that keeps the text.",
              "Start an io server (answer each tuple(atom.io_request, from, reply_as, req) with tuple(atom.io_reply, reply_as, atom.ok) and keep req[3]); make it the group leader of the process that runs f; then ask it for the text.",
              "old = group_leader(); group_leader(server, self()); f(); group_leader(old, self()); then a message to the server asking for its text"},
      run = function(k)
        output.quiet()
        local a, b = marker("first"), marker("second")
        local got = k.call("capture", function() print(a); io.write(b, "\n") end)
        return captured(k, got, a .. "\n" .. b .. "\n", a)
      end,
    },
    {
      name = "capture(f) also collects what f's work on other nodes printed",
      hint = {"print is not a function you can swap on the other node: its output travels to the group leader, as an io request.",
              "A process that f starts on another node (rpc.call, node.spawn) inherits the group leader of the process running f: collect by being that group leader.",
              "capture must set the group leader (group_leader(server, self())), not replace print"},
      run = function(k)
        output.quiet()
        local p1, p2 = k.node(1), k.node(2)
        local a, b = marker("by-rpc"), marker("by-spawn")
        local got = k.call("capture", function()
          rpc.call(p1, function(t) print(t) end, {a}, 1000)
          local me = self()
          node.spawn(p2, function(t, back) print(t); send(back, "printed") end, b, me)
          receive("printed", 1000)
        end)
        return captured(k, got, a .. "\n" .. b .. "\n", a)
      end,
    },
    {
      name = "capture(f) takes only what f and its work print: other processes print where they did",
      hint = {"Is output a property of a function every process shares, or of each process? Others print during the capture too.",
              "Only the processes whose group leader is your io server print to it: the one running f, and those it starts. A print swapped on a node takes every process's lines there.",
              "set the group leader of the process that runs f (group_leader(server, self())); leave print alone"},
      run = function(k)
        output.quiet()
        local mine, near, far = marker("by-f"), marker("bystander-here"), marker("bystander-on-p1")
        -- started by the check, not by f: their group leader is the sink
        local function bystander(t) local from = receive(); print(t); send(from, "said") end
        local here_pid, there_pid = spawn(bystander, near), node.spawn(k.node(1), bystander, far)
        local got = k.call("capture", function()
          print(mine)
          for _, pid in ipairs({here_pid, there_pid}) do send(pid, self()); receive("said", 1000) end
        end)
        local leaked = {}
        for _, line in ipairs({near, far}) do
          if type(got) == "string" and got:find(line, 1, true) then leaked[#leaked + 1] = line end
        end
        if #leaked > 0 then
          return false, "only f's line, " .. mine, "also lines of processes f did not start: " .. table.concat(leaked, ", ")
        end
        if got ~= mine .. "\n" then return k.same(got, mine .. "\n") end
        if not (sink_holds(near) and sink_holds(far)) then
          return false, "the other processes' lines where they print (here)", "they went elsewhere"
        end
        return true
      end,
    },
    {
      name = "after capture(f), the caller prints where it printed before",
      hint = {"capture borrows the group leader: what happens to the caller's output afterwards?",
              "Remember group_leader() before you change it, and put it back when f returns (also when f raises: pcall).",
              "local old = group_leader() ... local ok, err = pcall(f); group_leader(old, self())"},
      run = function(k)
        output.quiet()
        k.call("capture", function() print(marker("inside")) end)
        local after = marker("after")
        print(after)
        local late = marker("spawned-after")
        spawn(function() print(late) end)
        local ok = sink_holds(late)
        if not output.printed():find(after, 1, true) or not ok then
          return false, "the caller's lines on its terminal after capture", "they went elsewhere"
        end
        pcall(k.call, "capture", function() error("f failed") end)
        local again = marker("after-error")
        print(again)
        if not output.printed():find(again, 1, true) then
          return false, "the caller's output back where it was after an f that raised",
                 "it went elsewhere"
        end
        return true
      end,
    },
  },
}

-- Checks of katas/02_messages_across_nodes.lua (format: katas/README.md).
-- What arrives is observed where it arrives (an inbox on the peer, a
-- decoy of the same name here), and where an answer comes from is
-- observed by pausing the node it must come from (lib/from_there.lua): an
-- answer that comes while that node is paused was made up here. Peers are
-- named by atoms at times (Elixir's node names), so that a name echoed
-- from the argument differs from node.self()'s there (a string). A send
-- must not wait for the paused node: it is asynchronous (as in erl).

local from_there = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "lib/from_there.lua")

-- On node n, a process registered as name that forwards to parent each
-- message it gets, as tuple("got", msg). Returns once it is registered.
-- (The function travels to n: it uses only its arguments and globals.)
local function inbox_on(n, name, parent)
  node.spawn(n, function(name, parent)
    register(name, self())
    send(parent, tuple("ready", name))
    while true do send(parent, tuple("got", receive())) end
  end, name, parent)
  return receive(tuple("ready", name), 1000) ~= nil
end

local function sorted(t)
  table.sort(t)
  return t
end

-- Here, a decoy registered under the same name as the inbox on the
-- peer: it tells parent of anything it gets, as tuple("decoy", msg).
local function decoy_here(name, parent)
  local pid = spawn(function()
    while true do send(parent, tuple("decoy", receive())) end
  end)
  register(name, pid)
  return pid
end

return {
  title = "messages across nodes",
  hint = {"Sending to another node is send() with a {name, node} tuple or a remote pid; node.spawn runs a function there.",
          "An answer from another node is a message that a process there sends back: capture self() before node.spawn."},
  cluster = {peers = 2},
  checks = {
    {
      name = "send_to(name, n, msg) reaches the process registered as name on n, not the one here",
      hint = {"A registered name is local to its node: which node's name table does your send look in?",
              "Elixir's send({name, node}, msg) names both the process and its node; a bare name is looked up here, a global name in :global's table.",
              "send(tuple(name, n), msg)"},
      run = function(k)
        if not inbox_on(k.node(1), "inbox", self()) then
          return false, "an inbox process on peer 1", "it did not start"
        end
        local decoy = decoy_here("inbox", self())
        local value = math.random(1, 1e9)
        local ok, err = pcall(k.call, "send_to", "inbox", k.node(1), tuple(atom.hello, value))
        local m = ok and receive(function(m) return typeof(m) == "tuple" and (m[1] == "got" or m[1] == "decoy") end, 300)
        unregister("inbox")
        exit(decoy, "kill")
        if not ok then return false, "the message sent", "an error: " .. tostring(err) end
        if m == nil then return false, "{:hello, " .. value .. "} at the inbox on " .. k.node(1), "nothing within 300 ms" end
        if m[1] == "decoy" then
          return false, "the message at the inbox on " .. k.node(1), "it went to the process registered as inbox on this node"
        end
        return k.same(m[2], tuple(atom.hello, value))
      end,
    },
    {
      name = "messages from send_to arrive in the order they were sent",
      hint = {"Between one pair of processes, messages keep their order: one send per call is all it takes.",
              "send(tuple(name, n), msg), nothing else: no process in between"},
      run = function(k)
        if not inbox_on(k.node(2), "inbox2", self()) then
          return false, "an inbox process on peer 2", "it did not start"
        end
        for i = 1, 5 do k.call("send_to", "inbox2", k.node(2), i) end
        local got = {}
        for _ = 1, 5 do
          local m = receive(tuple("got", ANY), 300)
          if m == nil then break end
          got[#got + 1] = m[2]
        end
        return k.same(got, {1, 2, 3, 4, 5})
      end,
    },
    {
      name = "send_to(name, n, msg) returns at once, even while n is paused: a send does not wait for n",
      hint = {"Does your send wait for n to do something? A send to another node is asynchronous: it returns at once, and the message is delivered when n runs.",
              "No process on n is needed to deliver it (nothing to spawn, no call to make there): the {name, node} tuple names the receiver.",
              "send(tuple(name, n), msg)"},
      timeout = 2500,
      run = function(k)
        if not inbox_on(k.node(1), "inbox3", self()) then
          return false, "an inbox process on peer 1", "it did not start"
        end
        local value = math.random(1, 1e9)
        local r = table.pack(from_there(k, 1, k.call, "send_to", "inbox3", k.node(1), value))
        if r[1] ~= "early" then
          if r[1] == false then error(r[2], 0) end
          return false, "send_to to return while " .. k.node(1) .. " is paused",
            r[1] == nil and "it had not returned 2 s after" or "it waited until " .. k.node(1) .. " ran again"
        end
        if not r[2] then error(r[3], 0) end
        local m = receive(tuple("got", ANY), 300)
        if m == nil then return false, value .. " at the inbox on " .. k.node(1) .. " once it runs again", "nothing within 300 ms" end
        return k.same(m[2], value)
      end,
    },
    {
      name = "hello_from(n) gets {:hello, n} from a process spawned on n",
      hint = {"Inside the function that runs on n, self() is that new process, not you: who receives its send?",
              "Capture caller = self() before node.spawn; the spawned function sends to caller (a copy of it travels with the function).",
              "local caller = self(); node.spawn(n, function() send(caller, tuple(atom.hello, node.self())) end); then receive tuple(atom.hello, ANY) for 1000 ms"},
      timeout = 2000,
      run = function(k)
        return k.same(k.call("hello_from", k.node(2)), tuple(atom.hello, k.node(2)))
      end,
    },
    {
      name = "hello_from(n)'s answer comes from n: none while n is paused",
      hint = {"Is the answer asked of n, or made up here? The check pauses n: an answer that comes meanwhile was not sent by n.",
              "Only a message sent by the process on n is the answer; node.self() run there names n."},
      timeout = 2500,
      run = function(k)
        local r = table.pack(from_there.learner(k, 1, "hello_from", k.node(1)))
        if not r[1] then return false, r[2], r[3] end
        return k.same(r[2], tuple(atom.hello, k.node(1)))
      end,
    },
    {
      name = "hello_from(n) names the node it ran on, not the n it was given (here an atom, as in Elixir)",
      hint = {"Where does the name in your answer come from: from n itself, or from the argument? The check gives n as an atom (Elixir's node names are atoms); node.self() on n says \"name@host\".",
              "A pid from node.spawn says only that a process started; the answer is the message that process sends, with node.self() run there."},
      run = function(k)
        return k.same(k.call("hello_from", atom(k.node(2))), tuple(atom.hello, k.node(2)))
      end,
    },
    {
      name = "hello_from of a node that is not running is nil: nothing came",
      hint = {"A node that is not running answers nothing: what do you return when nothing came?",
              "node.spawn returns nil and why when it cannot reach n; then no answer will come (or wait the 1000 ms and return nil)."},
      timeout = 2000,
      run = function(k)
        local got = k.call("hello_from", from_there.nobody(k))
        if got ~= nil then return false, "nil", k.show(got) end
        return true
      end,
    },
    {
      name = "everywhere(nodes) hears from every node, this one too",
      hint = {"One process on each node, and one answer from each: how many answers do you wait for?",
              "spawn on each node first, then receive as many answers as there are processes",
              "Keep the names the answers carry (m[2]), then table.sort them."},
      timeout = 2500,
      run = function(k)
        local nodes = {k.node(1), node.self(), k.node(2)}
        local r = table.pack(from_there.learner(k, 2, "everywhere", nodes))
        if not r[1] then return false, r[2], r[3] end
        return k.same(r[2], sorted({k.node(1), k.node(2), node.self()}))
      end,
    },
    {
      name = "everywhere(nodes) names the nodes the answers came from, not the list it was given",
      hint = {"Do your names come from the answers or from the list? The check gives the peers as atoms (as Elixir names nodes); each answer carries node.self() run there.",
              "Keep m[2] of each answer, the name node.self() gave on that node."},
      run = function(k)
        local got = k.call("everywhere", {atom(k.node(1)), node.self(), atom(k.node(2))})
        return k.same(got, sorted({k.node(1), k.node(2), node.self()}))
      end,
    },
    {
      name = "everywhere(nodes) with a node that is not running lists only the nodes that answered",
      hint = {"Do the names come from the answers, or from the list you were given? A node that is not running sends nothing.",
              "node.spawn returns nil for a node it cannot reach: count only the processes that started, and wait for that many answers.",
              "Return the names the answers carry, sorted."},
      timeout = 2000,
      run = function(k)
        return k.same(k.call("everywhere", {from_there.nobody(k), k.node(1)}), {k.node(1)})
      end,
    },
  },
}

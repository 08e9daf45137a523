--[[
help.lua: the shell's h() (require "repl.help" returns the function h).

  h()          one screen: a line per topic (h"node", h"process", ...) and
               how to ask for more
  h"topic"     a topic's functions, one line each (h"values" also says how
               Lua's values map to Erlang's)
  h(fn)        one function, given the function value itself (h(spawn))
  h"name"      one function or topic by name (h"receive", h"node.connect",
               h"values"); Erlang spellings work too (h"is_process_alive")

h returns the text; the shell prints it.

Adding to the help: append a group to GROUPS and its entries to ENTRIES.
A module's functions are named "module.function" (e.g. "node.connect"), and
the group says module = "node" so that h"node" and h(node) list them.
A group has an id, a title, optionally module, and optionally intro: a
sentence or two that h() and h"module" show under the title (reflowed).
Each entry has:
  name     the global name, or "module.function"
  group    the id of its group in GROUPS
  sig      list of signatures; sig[1] is the one h() shows
  summary  a few words for h()'s one-line listing
  text     two or three sentences (reflowed to WIDTH columns)
  example  runnable lines, shown as written
  erlang   the Erlang function it mirrors
  elixir   optional: the Elixir spelling of it
  short    optional: what h() lists instead of sig[1]
  see      optional list of related names
  aliases  optional other names that find it (Erlang spellings)
]]

local WIDTH = 78

---------------------------------------------------------------- groups

local GROUPS = {
  { id = "processes", title = "Processes" },
  { id = "messages", title = "Messages" },
  { id = "signals", title = "Links, monitors and exit signals" },
  { id = "names", title = "Registered names" },
  { id = "values", title = "Erlang values" },
  { id = "shell", title = "The shell" },
  { id = "node", title = "Nodes", module = "node",
    intro = [[Node names are strings ("bob@host"; atom"bob@host" works
      too). The examples name a second node bob@host: start repl --sname
      bob in another terminal and write its name as node.list() shows
      it.]] },
  { id = "rpc", title = "Remote calls", module = "rpc",
    intro = [[A call names a global table and its function as strings
      ("string", "upper" runs string.upper on a repl node, :string.upper on
      an Erlang one), or passes a Lua function for a repl node to run. A
      failure is nil plus tuple(atom.badrpc, reason).]] },
  { id = "global", title = "Global names", module = "global",
    intro = [[Names that hold across the connected repl nodes. A name is
      any term but nil: a string, an atom (atom"x" and "x" are one name),
      a tuple. Erlang nodes run their own global, which does not share
      these names. On a node with no name it works among that one node.]] },
  { id = "pg", title = "Process groups", module = "pg",
    intro = [[Groups of processes across nodes, shared with Erlang nodes
      that run the same scope. A string group is the atom of that name to
      Erlang, and an atom group comes back as a string. The default scope
      is "pg"; all but pg.demonitor take another scope as an optional first
      argument. No scope runs until pg.start() starts it on this node (as
      :pg.start_link() in the seeds): before, pg.join and the others raise
      "pg is not running on this node", and get_members returns [].]] },
  { id = "server", title = "Servers (GenServer)", module = "server",
    intro = [[A server is a process that keeps a state and answers calls,
      casts and other messages through callbacks in a table, as a GenServer
      module does. It speaks gen_server's protocol, so GenServer.call from
      iex reaches a Lua server and server.call reaches a gen_server in erl.
      A server is named by its pid, a local name ("counter"), tuple(name,
      node) or {global = name}.]] },
  { id = "peer", title = "Peer nodes", module = "peer",
    intro = [[Child repl nodes started from a script or the shell, so that
      one terminal runs a whole cluster, as OTP's peer module does. A
      child halts when its parent ends, however it ends.]] },
}

---------------------------------------------------------------- entries

local ENTRIES = {
  -- Processes ------------------------------------------------------------
  { name = "self", group = "processes",
    sig = { "self() -> pid" },
    summary = "the pid of the running process",
    text = [[Returns the pid of the process that calls it. In the shell that
      is the shell's own process, which has a mailbox like any other:
      messages sent to it wait there until you receive() or flush() them.]],
    example = [[
me = self()
send(me, "hello")
receive()                 --> "hello"]],
    erlang = "self/0",
    elixir = "self/0",
    see = { "spawn", "flush" } },

  { name = "spawn", group = "processes",
    sig = { "spawn(fn, ...) -> pid" },
    summary = "start a process that runs fn(...)",
    text = [[Starts a new process that runs fn with the given arguments and
      returns its pid at once, without waiting for it. The process ends
      when fn returns (reason :normal) or raises an error (a crash report
      is printed). It is not linked to the caller, so its crash does not
      affect you.]],
    example = [[
p = spawn(function(who) print("hello, " .. who) end, "world")]],
    erlang = "spawn/1, as in spawn(fun() -> ... end)",
    elixir = "spawn/1",
    see = { "spawn_link", "spawn_monitor" } },

  { name = "spawn_link", group = "processes",
    sig = { "spawn_link(fn, ...) -> pid" },
    summary = "spawn and link in one step",
    text = [[Like spawn, but links the new process to the caller before it
      runs, so there is no moment when it could die unnoticed. If either
      process then exits with a reason other than :normal, the other gets an
      exit signal and dies too, unless it traps exits.]],
    example = [[
trap_exit(true)
p = spawn_link(function() exit("oops") end)
receive()                 --> {:EXIT, <0.91.0>, "oops"}
trap_exit(false)]],
    erlang = "spawn_link/1",
    elixir = "spawn_link/1",
    see = { "link", "trap_exit", "spawn_monitor" } },

  { name = "spawn_monitor", group = "processes",
    sig = { "spawn_monitor(fn, ...) -> pid, ref" },
    summary = "spawn and monitor in one step",
    text = [[Like spawn, but also monitors the new process, and returns its
      pid and the monitor's ref as two results. When the process ends you
      get tuple(atom.DOWN, ref, atom.process, pid, reason); unlike a link,
      this never kills you.]],
    example = [[
p, r = spawn_monitor(function() sleep(100) end)
receive(tuple(atom.DOWN, r, ANY, ANY, ANY))
    --> {:DOWN, #Ref<...>, :process, <0.92.0>, :normal}]],
    erlang = "spawn_monitor/1, which returns {Pid, Ref}",
    elixir = "spawn_monitor/1",
    see = { "monitor", "demonitor" } },

  { name = "processes", group = "processes",
    sig = { "processes() -> list of pids" },
    summary = "all live processes on this node",
    text = [[Returns a list (a sequence table) of the pids of every live
      process on this node, the shell included.]],
    example = [[
#processes()              --> 1]],
    erlang = "processes/0",
    elixir = "Process.list/0",
    see = { "process_info", "registered" } },

  { name = "process_info", group = "processes",
    sig = { "process_info(pid) -> table or nil" },
    summary = "status, mailbox length, links, ... of a process",
    text = [[Returns a table describing a live process: status,
      message_queue_len, links, monitors, registered_name and memory.
      Returns nil when the process has exited, where Erlang returns
      undefined.]],
    example = [[
process_info(self()).message_queue_len
p = spawn(function() end)
sleep(10); process_info(p)  --> nil]],
    erlang = "process_info/1",
    elixir = "Process.info/1",
    see = { "is_alive", "processes" } },

  { name = "is_alive", group = "processes",
    sig = { "is_alive(pid) -> boolean" },
    summary = "is the process still running?",
    text = [[Returns true while pid is running and false once it has
      exited. Erlang's own is_alive/0 asks something else (whether this
      node is distributed); that question belongs to the node functions.]],
    example = [[
p = spawn(function() sleep(100) end)
is_alive(p)               --> true
sleep(200); is_alive(p)   --> false]],
    erlang = "is_process_alive/1",
    elixir = "Process.alive?/1",
    aliases = { "is_process_alive", "alive?" },
    see = { "process_info", "monitor" } },

  { name = "node_of", group = "processes",
    sig = { "node_of(pid) -> string" },
    summary = "the name of the node a pid lives on",
    text = [[Returns the name of the node where pid runs, as a string. A
      node started without --sname or --name is "nonode@nohost".]],
    example = [[
node_of(self())           --> "nonode@nohost"]],
    erlang = "node/1",
    elixir = "node/1",
    see = { "self" } },

  { name = "sleep", group = "processes",
    sig = { "sleep(ms)" },
    summary = "pause the calling process for ms milliseconds",
    text = [[Suspends the calling process for ms milliseconds. Other
      processes keep running meanwhile, and messages that arrive wait in
      the mailbox.]],
    example = [[
sleep(500)]],
    erlang = "timer:sleep/1",
    elixir = "Process.sleep/1",
    see = { "receive", "send_after" } },

  -- Messages -------------------------------------------------------------
  { name = "send", group = "messages",
    sig = { "send(dest, msg)" },
    summary = "put a copy of msg in a process's mailbox",
    text = [[Puts a copy of msg in the mailbox of dest and returns at once.
      dest is a pid or the name of a registered process (a string); with
      distribution it can also name a process on another node,
      tuple(name, node). Sending to a pid never fails, even if that
      process has exited: the message is simply lost. A bare name that no
      process holds raises an error (Erlang's name ! msg raises badarg),
      but tuple(name, node) never does, for this node too: the message is
      dropped, as {name, node()} ! msg drops it. On a node that is not
      distributed (no --sname, or after node.stop()) a message to another
      node's pid or name is dropped too, as erl drops it. The message is copied,
      so changing a table after sending it does not change what was
      received.]],
    example = [[
send(self(), tuple(atom.hello, "world"))
receive()                 --> {:hello, "world"}]],
    erlang = "erlang:send/2 and the ! operator",
    elixir = "send/2",
    aliases = { "!" },
    see = { "receive", "register", "send_after" } },

  { name = "receive", group = "messages",
    sig = {
      "receive() -> msg",
      "receive(ms) -> msg or nil",
      "receive(pred [, ms]) -> msg or nil",
      "receive(template [, ms]) -> msg or nil",
      "receive(when(pattern, fn), ..., after(ms, fn)) -> what fn returns",
    },
    short = "receive(...)",
    summary = "take a message from the mailbox, selectively",
    text = [[Takes one message out of the calling process's mailbox,
      waiting for one if there is none. With ms it gives up after ms
      milliseconds and returns nil (0 means: only look). With a predicate
      function, or a template (a tuple or table in which ANY matches
      anything, a function tests that field, and other values must be
      equal), it takes the first message that matches and leaves the others
      in the mailbox, in order: Erlang's selective receive. The form with
      when and after clauses is Erlang's receive ... after ... end, and
      returns what the chosen clause's function returns.]],
    example = [[
send(self(), tuple(atom.result, 42))
receive(tuple(atom.result, ANY))          --> {:result, 42}
receive(100)                              --> nil, after 100 ms
send(self(), 7)
receive(function(m) return m == 7 end)    --> 7
send(self(), tuple(atom.ok, 1))
receive(when(tuple(atom.ok, ANY), function(m) return m[2] end),
        when(tuple(atom.error, ANY), function(m) return nil, m[2] end),
        after(1000, function() return "timeout" end))   --> 1]],
    erlang = "receive ... after ... end",
    elixir = "receive do ... after ... end",
    see = { "when", "after", "ANY", "flush" } },

  { name = "when", group = "messages",
    sig = { "when(pattern, fn)", "when(pattern)" },
    summary = "one clause of a several-clause receive",
    text = [[Makes a clause for receive. pattern is a template, as in
      receive(template): ANY matches anything and a function tests that
      field. When a message matches, receive returns fn(msg), or the
      message itself when fn is left out.]],
    example = [[
send(self(), tuple(atom.add, 2, 3))
receive(when(tuple(atom.add, ANY, ANY), function(m) return m[2] + m[3] end),
        when(tuple(atom.stop)))           --> 5]],
    erlang = "a clause Pattern -> Body of receive",
    elixir = "pattern -> body",
    see = { "receive", "after", "ANY" } },

  { name = "after", group = "messages",
    sig = { "after(ms, fn)" },
    summary = "the timeout clause of a several-clause receive",
    text = [[Makes the timeout clause of a receive with when clauses: if no
      message matches any clause within ms milliseconds, receive returns
      fn(). Put it last, where Erlang's after goes.]],
    example = [[
receive(when(tuple(atom.ping, ANY), function(m) return "pong" end),
        after(0, function() return "no ping waiting" end))
                          --> "no ping waiting"]],
    erlang = "after Timeout -> Body in receive",
    elixir = "after timeout -> body",
    see = { "receive", "when" } },

  { name = "ANY", group = "messages",
    sig = { "ANY" },
    summary = "the wildcard of receive templates",
    text = [[A value (not a function) that matches anything where it
      appears in a receive template or a when pattern, like _ in an Erlang
      pattern. Templates do not bind variables as Erlang patterns do: take
      the parts out of the message that receive returns.]],
    example = [[
send(self(), tuple(atom.temp, "kitchen", 21))
m = receive(tuple(atom.temp, ANY, ANY))
m[3]                      --> 21]],
    erlang = "_ in a pattern",
    elixir = "_",
    aliases = { "_" },
    see = { "receive", "when" } },

  { name = "flush", group = "messages",
    sig = { "flush()" },
    summary = "print and drop every message in the mailbox",
    text = [[Prints each message waiting in the shell's mailbox and removes
      them, without waiting for more. Use it to see what has arrived.]],
    example = [[
send(self(), 1); send(self(), tuple(atom.two, 2))
flush()                   -- prints 1 and {:two, 2}]],
    erlang = "flush/0 in erl",
    elixir = "IEx.Helpers.flush/0",
    see = { "receive" } },

  { name = "send_after", group = "messages",
    sig = { "send_after(ms, dest, msg) -> ref" },
    summary = "send a message after a delay",
    text = [[Sends msg to dest (a pid or a registered name) after ms
      milliseconds, and returns a timer ref at once. Give the ref to
      cancel_timer to call it off.]],
    example = [[
send_after(500, self(), atom.wake_up)
receive(1000)             --> :wake_up]],
    erlang = "erlang:send_after/3",
    elixir = "Process.send_after/3",
    see = { "cancel_timer", "sleep" } },

  { name = "cancel_timer", group = "messages",
    sig = { "cancel_timer(ref)" },
    summary = "call off a send_after timer",
    text = [[Cancels a timer started by send_after, if it has not fired yet.
      A message that was already sent stays in the mailbox.]],
    example = [[
t = send_after(1000, self(), atom.too_late)
cancel_timer(t)
receive(1500)             --> nil]],
    erlang = "erlang:cancel_timer/1",
    elixir = "Process.cancel_timer/1",
    see = { "send_after" } },

  { name = "make_ref", group = "messages",
    sig = { "make_ref() -> ref" },
    summary = "a new unique reference",
    text = [[Returns a new reference, a value no other call returns. Tag a
      request with one and receive the reply by it, so that a late answer
      to an older request is never taken for this one.]],
    example = [[
r = make_ref()
send(self(), tuple(r, "reply"))
receive(tuple(r, ANY))    --> {#Ref<0.0.0.123>, "reply"}]],
    erlang = "make_ref/0",
    elixir = "make_ref/0",
    see = { "receive" } },

  { name = "alias", group = "messages",
    sig = { "alias() -> ref" },
    summary = "a reference that stands for this process",
    text = [[Returns a new reference that is also an address: send(ref, msg)
      from any process, on this node or another, reaches the process that
      made it, until unalias(ref) or the process ends; after that a message
      sent to it is dropped. server.call takes its reply on one, so a reply
      that comes after the call's timeout never lands in the mailbox.]],
    example = [[
a = alias()
send(a, "hi")
receive(0)                --> "hi"
unalias(a)                --> true
send(a, "late")
receive(0)                --> nil]],
    erlang = "alias/0",
    elixir = "Process.alias/0",
    see = { "unalias", "make_ref", "server.call" } },

  { name = "unalias", group = "messages",
    sig = { "unalias(ref) -> boolean" },
    summary = "stop a reference from standing for this process",
    text = [[Messages sent to ref from now on are dropped. true when ref was
      an active alias of this process, false otherwise.]],
    example = [[
a = alias()
unalias(a)                --> true
unalias(a)                --> false]],
    erlang = "unalias/1",
    elixir = "Process.unalias/1",
    see = { "alias" } },

  -- Links, monitors and exit signals ----------------------------------------
  { name = "link", group = "signals",
    sig = { "link(pid)" },
    summary = "tie two processes' lives together",
    text = [[Links the calling process and pid, in both directions. When
      either exits with a reason other than :normal, the other gets an exit
      signal and exits with the same reason, unless it traps exits (see
      trap_exit). Links make a group of processes live and die together.]],
    example = [[
trap_exit(true)
p = spawn(function() receive(); exit("bye") end)
link(p)
send(p, "go")
receive()                 --> {:EXIT, <0.95.0>, "bye"}
trap_exit(false)]],
    erlang = "link/1",
    elixir = "Process.link/1",
    see = { "unlink", "spawn_link", "trap_exit", "monitor" } },

  { name = "unlink", group = "signals",
    sig = { "unlink(pid)" },
    summary = "remove a link",
    text = [[Removes the link between the calling process and pid, in both
      directions. Does nothing if they are not linked.]],
    example = [[
p = spawn_link(function() receive() end)
unlink(p)]],
    erlang = "unlink/1",
    elixir = "Process.unlink/1",
    see = { "link" } },

  { name = "monitor", group = "signals",
    sig = { "monitor(pid) -> ref" },
    summary = "be told when a process exits",
    text = [[Watches pid without linking to it: when pid exits you get the
      message tuple(atom.DOWN, ref, atom.process, pid, reason), and you
      never die with it. Monitoring a pid that has already exited gives
      DOWN at once with reason :noproc. Each call makes a new monitor.]],
    example = [[
p = spawn(function() sleep(100) end)
r = monitor(p)
receive(tuple(atom.DOWN, r, ANY, ANY, ANY))
    --> {:DOWN, #Ref<...>, :process, <0.96.0>, :normal}]],
    erlang = "erlang:monitor(process, Pid)",
    elixir = "Process.monitor/1",
    see = { "demonitor", "spawn_monitor", "link" } },

  { name = "demonitor", group = "signals",
    sig = { "demonitor(ref [, flush])" },
    summary = "turn a monitor off",
    text = [[Turns off the monitor that monitor(pid) returned ref for. With
      flush true it also removes that monitor's DOWN message if one is
      already in the mailbox.]],
    example = [[
p = spawn(function() receive() end)
r = monitor(p)
demonitor(r, true)]],
    erlang = "demonitor/1, and demonitor/2 with [flush]",
    elixir = "Process.demonitor/2",
    see = { "monitor" } },

  { name = "exit", group = "signals",
    sig = { "exit(reason)", "exit(pid, reason)" },
    short = "exit([pid,] reason)",
    summary = "end this process, or send an exit signal",
    text = [[exit(reason) ends the calling process with that reason, and its
      links get the signal. exit(pid, reason) sends pid an exit signal:
      "kill" (or atom.kill) cannot be trapped and the process dies with
      :killed; "normal" is ignored by a process that does not trap exits;
      any other reason kills a process that does not trap exits and
      arrives as tuple(atom.EXIT, sender, reason) in one that does.]],
    example = [[
p = spawn(function() receive() end)
r = monitor(p)
exit(p, "kill")
receive(tuple(atom.DOWN, r, ANY, ANY, ANY))
    --> {:DOWN, #Ref<...>, :process, <0.93.0>, :killed}]],
    erlang = "exit/1 and exit/2",
    elixir = "exit/1, Process.exit/2",
    see = { "trap_exit", "link", "monitor" } },

  { name = "trap_exit", group = "signals",
    sig = { "trap_exit(bool) -> old value" },
    summary = "turn exit signals into messages",
    text = [[With true, exit signals no longer kill the calling process:
      each arrives as the message tuple(atom.EXIT, pid, reason) instead.
      Only "kill" still kills. Returns the previous setting, so you can put
      it back.]],
    example = [[
old = trap_exit(true)
p = spawn_link(function() exit("oops") end)
receive()                 --> {:EXIT, <0.97.0>, "oops"}
trap_exit(old)]],
    erlang = "process_flag(trap_exit, Bool)",
    elixir = "Process.flag(:trap_exit, bool)",
    aliases = { "process_flag" },
    see = { "link", "exit" } },

  -- Registered names ---------------------------------------------------------
  { name = "register", group = "names",
    sig = { "register(name, pid)" },
    summary = "give a process a name on this node",
    text = [[Registers pid under name (a string) on this node, so that
      send(name, msg) and whereis(name) find it. It is an error if the name
      is taken or the process already has a name. The name is freed when
      the process exits.]],
    example = [[
p = spawn(function() print("got", receive()) end)
register("echo", p)
send("echo", "hello")]],
    erlang = "register/2, where the name is an atom",
    elixir = "Process.register/2",
    see = { "unregister", "whereis", "registered" } },

  { name = "unregister", group = "names",
    sig = { "unregister(name)" },
    summary = "free a registered name",
    text = [[Removes a registered name. The process keeps running; only the
      name is freed.]],
    example = [[
register("me", self())
unregister("me")]],
    erlang = "unregister/1",
    elixir = "Process.unregister/1",
    see = { "register" } },

  { name = "whereis", group = "names",
    sig = { "whereis(name) -> pid or nil" },
    summary = "the pid registered under a name",
    text = [[Returns the pid registered under name on this node, or nil if
      there is none, where Erlang returns undefined.]],
    example = [[
register("me", self())
whereis("me")             --> <0.85.0>
whereis("nobody")         --> nil]],
    erlang = "whereis/1",
    elixir = "Process.whereis/1",
    see = { "register", "registered" } },

  { name = "registered", group = "names",
    sig = { "registered() -> list of names" },
    summary = "all names registered on this node",
    text = [[Returns the names registered on this node, as a list of
      strings.]],
    example = [=[
registered()              --> ["me"]]=],
    erlang = "registered/0",
    elixir = "Process.registered/0",
    see = { "register", "whereis" } },

  -- Erlang values ------------------------------------------------------------
  { name = "atom", group = "values",
    sig = { 'atom"x"', "atom.x" },
    summary = "an Erlang atom",
    text = [[Makes the atom x. Lua has no atoms but Erlang's messages are
      full of them, so the shell provides them: they are interned
      (atom.ok == atom"ok"), shown as :ok, and reach Erlang nodes as atoms.
      Use atom"..." for names that are not Lua identifiers.]],
    example = [[
atom.ok                   --> :ok
atom"hello world"         --> :"hello world"
atom.ok == atom"ok"       --> true]],
    erlang = "atoms: ok, 'hello world'",
    elixir = ":ok, :\"hello world\"",
    see = { "tuple", "typeof", "values" } },

  { name = "tuple", group = "values",
    sig = { "tuple(...) -> tuple" },
    summary = "an Erlang tuple",
    text = [[Makes a tuple of its arguments; tuple() is the empty tuple.
      Tuples are fixed: #t is the size and t[1] the first element (Elixir's
      elem(t, 0), Erlang's element(1, T)). Erlang code expects them in
      tagged messages such as {:ok, value}.]],
    example = [[
t = tuple(atom.ok, 42)    --> {:ok, 42}
#t, t[1], t[2]            --> 2, :ok, 42]],
    erlang = "{A, B}, element/2, tuple_size/1",
    elixir = "{a, b}, elem/2, tuple_size/1",
    see = { "atom", "typeof", "values" } },

  { name = "typeof", group = "values",
    sig = { "typeof(v) -> string" },
    summary = "type(v), telling Erlang values apart",
    text = [[Like Lua's type(v), but it also names Erlang's values: it
      returns "atom", "tuple", "pid", "ref", or "any" for ANY, where type
      cannot tell them apart.]],
    example = [[
typeof(atom.ok)           --> "atom"
typeof(self())            --> "pid"
typeof({1, 2})            --> "table"]],
    erlang = "is_atom/1, is_tuple/1, is_pid/1, is_reference/1",
    elixir = "is_atom/1, is_tuple/1, is_pid/1, is_reference/1",
    see = { "atom", "tuple" } },

  { name = "untuple", group = "values",
    sig = { "untuple(t) -> ..." },
    summary = "a tuple's elements as values",
    text = [[Returns the elements of a tuple as separate values, as
      table.unpack does for a table: local tag, value = untuple(m).]],
    example = [[
tag, n = untuple(tuple(atom.ok, 42))   --> :ok, 42]],
    erlang = "pattern matching {Tag, N} = T",
    elixir = "{tag, n} = t",
    see = { "tuple" } },

  -- The shell ----------------------------------------------------------------
  { name = "inspect", group = "shell",
    sig = { "inspect(v [, opts]) -> v" },
    summary = "print a value as the shell shows it",
    text = [[Prints v the way the shell prints results (atoms :ok, tuples
      {:ok, 1}, lists [1, 2]) and returns v, so it can be put in the middle
      of an expression. opts: {width = 80, color = false}.]],
    example = [[
spawn(function() inspect(receive()) end)]],
    erlang = "io:format(\"~p~n\", [V])",
    elixir = "IO.inspect/1" },

  { name = "print", group = "shell",
    sig = { "print(...)" },
    summary = "write to the process's terminal",
    text = [[Lua's print: writes its arguments, separated by tabs, to the
      terminal of the calling process. A process spawned from the shell
      prints there too, above the prompt; with distribution, a process
      spawned from another node prints on that node's terminal, as with
      Erlang's group leader. group_leader(gl, pid) sends pid's output to
      the process gl (pid may be of another node; a pid of this node
      that has exited raises, as erl's badarg); print waits for gl's
      answer, and when gl is gone (dead, or its node down) it raises an
      error, as io:format raises terminated.]],
    example = [[
spawn(function() print("hello from", self()) end)]],
    erlang = "io:format/2 via the group leader",
    elixir = "IO.puts/1",
    see = { "spawn" } },

  { name = "h", group = "shell",
    sig = { "h()", "h(fn)", 'h"name"' },
    summary = "this help",
    text = [[h() lists everything; h(fn) or h"name" explains one function,
      with an example and the Erlang function it mirrors. h"values" shows
      how Lua's values and idioms map to Erlang's.]],
    example = [[
h(spawn_link)
h"receive"]],
    erlang = "help() in erl",
    elixir = "IEx.Helpers.h/1",
    aliases = { "help" } },

  { name = "q", group = "shell",
    sig = { "q()" },
    summary = "quit the shell (or Ctrl-D)",
    text = [[Quits the shell, as Ctrl-D on an empty line does. The node
      stops with it, and so does every process on it.]],
    example = [[
q()]],
    erlang = "q() in erl, which is init:stop/0",
    elixir = "System.halt/0, or Ctrl-C twice in iex",
    aliases = { "quit" },
    see = { "halt" } },

  { name = "halt", group = "shell",
    sig = { "halt([status])" },
    summary = "stop the node, from a script",
    text = [[Stops the node at once, ending every process on it; the program
      exits with status (0 by default). Use it in a script to end the run
      with a chosen exit status.]],
    example = [[
halt(1)]],
    erlang = "erlang:halt/0,1 and init:stop/0",
    elixir = "System.halt/1",
    see = { "q" } },

  -- Nodes ----------------------------------------------------------------------
  { name = "node.self", group = "node",
    sig = { "node.self() -> string" },
    summary = "this node's name",
    text = [[The name of the node the shell runs on, as a string. A node
      started without --sname or --name is "nonode@nohost", as an
      unnamed erl or iex is.]],
    example = [[
node.self()               --> "nonode@nohost"]],
    erlang = "node/0",
    elixir = "Node.self/0",
    see = { "node.alive", "node.list", "node_of" } },

  { name = "node.alive", group = "node",
    sig = { "node.alive() -> boolean" },
    summary = "is this node distributed?",
    text = [[true when this node has a name and can talk to other nodes
      (--sname, --name or node.start), false otherwise. This is Erlang's
      is_alive/0; the shell's is_alive(pid) asks about a process.]],
    example = [[
node.alive()              --> false in a plain repl, true with --sname]],
    erlang = "is_alive/0",
    elixir = "Node.alive?/0",
    see = { "node.start", "node.self", "is_alive" } },

  { name = "node.list", group = "node",
    sig = { "node.list([kind]) -> list of names" },
    summary = "the nodes this one is connected to",
    text = [[Returns the names of connected nodes as a list of strings.
      kind is "visible" (the default), "hidden", "connected" (both),
      "this" (this node alone: "nonode@nohost" when it has no name) or
      "known", as the atoms of Erlang's nodes/1. On a hidden node
      (--hidden) every connection is hidden, from its side too: its
      node.list() is [] and its peers are in node.list("hidden"), as on
      iex --hidden. "known" is this node and every node it has met:
      connected ones, and also those that went (stopped, crashed,
      disconnected), that it tried to reach, or whose pids it holds; it
      never shrinks. erl's nodes(known) is the same (OTP 25 drops a node
      from it only once nothing refers to it) and lists nonode@nohost
      for a while too.]],
    example = [=[
node.connect("bob@host")
node.list()               --> ["bob@host"]
node.list("known")        --> ["alice@host", "bob@host"]
-- bob stops (q() there):
node.list()               --> []
node.list("known")        --> ["alice@host", "bob@host"]]=],
    erlang = "nodes/0, nodes/1",
    elixir = "Node.list/0, Node.list/1",
    see = { "node.connect", "node.monitor_nodes" } },

  { name = "node.connect", group = "node",
    sig = { "node.connect(name) -> true, or false and why" },
    summary = "connect to another node",
    text = [[Connects to the node name ("bob@host") and returns true, or
      false and a sentence saying why not: a cookie mismatch, a name no
      epmd knows, an unreachable host, long and short names mixed. Erlang
      returns only false; the reason is the shell's addition. Connecting
      to one node of a cluster connects to all its visible nodes (the full
      mesh).]],
    example = [[
node.connect("bob@host")  --> true
node.connect("nobody@host")
    --> false, "no node named 'nobody' is registered with epmd on host"]],
    erlang = "net_kernel:connect_node/1",
    elixir = "Node.connect/1",
    see = { "node.ping", "node.disconnect", "node.list", "node.set_cookie" } },

  { name = "node.disconnect", group = "node",
    sig = { "node.disconnect(name) -> boolean" },
    summary = "drop the connection to a node",
    text = [[Closes the connection to name: true if there was one, false if
      not. Both sides see nodedown, and links and monitors across it fire
      with reason noconnection. Any later send or call reconnects, as in
      Erlang; to keep two nodes apart use node.cut. The cluster services'
      own messages do not (global's table swap, pg's sync): a disconnect
      right after node.connect leaves the nodes apart, where erl's global
      may still reconnect them (OTP 25 here: about one time in two when
      erlang:disconnect_node follows net_kernel:connect_node at once).
      Raises an error on a node that is not distributed, where Erlang
      returns ignored.]],
    example = [=[
node.disconnect("bob@host")   --> true
node.list()                   --> []]=],
    erlang = "erlang:disconnect_node/1",
    elixir = "Node.disconnect/1",
    see = { "node.connect", "node.cut" } },

  { name = "node.ping", group = "node",
    sig = { 'node.ping(name) -> "pong" or "pang"' },
    summary = "connect, and say whether it worked",
    text = [[Tries to connect to name, like node.connect, and returns the
      string "pong" when it is connected and "pang" when not; Erlang
      answers with the atoms pong and pang. node.connect says why it
      failed, ping does not.]],
    example = [[
node.ping("bob@host")     --> "pong"
node.ping("nobody@host")  --> "pang"]],
    erlang = "net_adm:ping/1",
    elixir = "Node.ping/1",
    see = { "node.connect" } },

  { name = "node.monitor", group = "node",
    sig = { "node.monitor(name [, on]) -> true" },
    summary = "one nodedown message when a node goes",
    text = [[Asks for one tuple(atom.nodedown, name) message when the
      connection to name is lost, or cannot be made (monitoring connects,
      as in Erlang). Each call is a request of its own: asked twice, you
      get two. node.monitor(name, false) takes one such request back.
      Needs a named node; the name in the message is a string.]],
    example = [[
node.monitor("bob@host")
-- stop bob (q() there), then:
receive()                 --> {:nodedown, "bob@host"}]],
    erlang = "erlang:monitor_node/2",
    elixir = "Node.monitor/2",
    see = { "node.monitor_nodes", "monitor" } },

  { name = "node.monitor_nodes", group = "node",
    sig = { "node.monitor_nodes(on [, opts]) -> true" },
    summary = "nodeup/nodedown messages for every node",
    text = [[With true, the calling process gets tuple(atom.nodeup, name)
      whenever a visible node connects and tuple(atom.nodedown, name) when
      one goes, the name a string. Each true is a subscription of its
      own (two bring two of each message); false ends every one made with
      the same opts. Hidden connections are not reported, as with
      Erlang's default; on a hidden node every connection is hidden, so
      this reports nothing there. opts {node_type = "visible", "hidden"
      or "all"} chooses, and the messages then have a third element
      naming the type, [{:node_type, :hidden}], as with
      net_kernel:monitor_nodes(true, [{node_type, all}]). Erlang's other
      option, nodedown_reason, is not here.]],
    example = [[
node.monitor_nodes(true)
node.connect("bob@host")
receive()                 --> {:nodeup, "bob@host"}
node.monitor_nodes(false)
node.monitor_nodes(true, {node_type = "all"})
-- a hidden node connects:
receive()   --> {:nodeup, "spy@host", [{:node_type, :hidden}]}]],
    erlang = "net_kernel:monitor_nodes/1, /2",
    elixir = ":net_kernel.monitor_nodes/1, /2",
    see = { "node.monitor", "node.list" } },

  { name = "node.get_cookie", group = "node",
    sig = { "node.get_cookie([name]) -> string" },
    summary = "the cookie this node uses",
    text = [[Returns this node's cookie, or with name the cookie used for
      that one node (set with node.set_cookie(name, cookie), otherwise
      the node's own). A node that is not distributed says "nocookie", as
      Erlang's nocookie atom, but as a string.]],
    example = [[
node.get_cookie()         --> "monster" (with --cookie monster)]],
    erlang = "erlang:get_cookie/0, erlang:get_cookie/1",
    elixir = "Node.get_cookie/0",
    see = { "node.set_cookie" } },

  { name = "node.set_cookie", group = "node",
    sig = { "node.set_cookie(cookie) -> true",
            "node.set_cookie(name, cookie) -> true" },
    summary = "change the cookie (for all, or one node)",
    text = [[Sets the cookie this node uses from now on, or with name the
      cookie for connecting to that one node only. Connections already up
      are not affected. Two nodes connect only when they agree on the
      cookie; a mismatch is the first reason node.connect gives.]],
    example = [[
node.set_cookie("bob@host", "secret")
node.get_cookie("bob@host")   --> "secret"]],
    erlang = "erlang:set_cookie/1, erlang:set_cookie/2",
    elixir = "Node.set_cookie/1, Node.set_cookie/2",
    see = { "node.get_cookie", "node.connect" } },

  { name = "node.spawn", group = "node",
    sig = { "node.spawn(name, fn, ...) -> pid, or nil and why",
            'node.spawn(name, "mod", "fun", {args}) -> pid, or nil and why' },
    summary = "start a process on another node",
    text = [[Starts a process on node name and returns its pid. A Lua
      function (its upvalues copied by value) runs on repl nodes only; the
      module form runs mod.fun(args...) there, a global table's function
      on a repl node or mod:fun(Args) on an Erlang node. Its print output
      comes back to this terminal, and so does its crash report, naming
      the node it ran on, as erl's does. When the node cannot be reached it
      returns nil and why, where Erlang returns a pid that exits at once.]],
    example = [[
p = node.spawn("bob@host", function() print("hi from", node.self()) end)
node.spawn("bob@host", "string", "upper", {"x"})]],
    erlang = "spawn/2, spawn/4",
    elixir = "Node.spawn/2, Node.spawn/4",
    see = { "node.spawn_link", "spawn", "rpc.call" } },

  { name = "node.spawn_link", group = "node",
    sig = { "node.spawn_link(name, fn, ...) -> pid, or nil and why",
            'node.spawn_link(name, "mod", "fun", {args}) -> pid, or nil and why' },
    summary = "spawn on another node, linked",
    text = [[As node.spawn, and links the new process to the caller in the
      same step, so not even an instant crash goes unseen. If the
      connection to that node is lost, the link fires with reason
      noconnection.]],
    example = [[
trap_exit(true)
p = node.spawn_link("bob@host", function() exit("boom") end)
receive()                 --> {:EXIT, <1.90.0>, "boom"}]],
    erlang = "spawn_link/2, spawn_link/4",
    elixir = "Node.spawn_link/2, Node.spawn_link/4",
    see = { "node.spawn", "spawn_link", "trap_exit" } },

  { name = "node.start", group = "node",
    sig = { "node.start(name [, opts]) -> true, or false and why" },
    summary = "make this node distributed, at run time",
    text = [[Turns a plain node into name@host, as starting with --sname
      would: true, or false and why. opts is a table of longnames, cookie,
      hidden, ticktime and epmd_port, and for TLS distribution (as
      --tls-certfile...) tls_certfile, tls_keyfile and tls_cacertfile.
      The rpc, global and pg servers start with it.]],
    example = [[
node.start("alice", {cookie = "monster"})   --> true
node.self()               --> "alice@host"]],
    erlang = "net_kernel:start/2",
    elixir = "Node.start/3",
    see = { "node.stop", "node.alive" } },

  { name = "node.stop", group = "node",
    sig = { "node.stop() -> true" },
    summary = "make this node non-distributed again",
    text = [[Closes every connection and gives up the name: the node is
      "nonode@nohost" again, and its processes keep running. Erlang's
      net_kernel:stop/0 returns ok, or an error when not distributed;
      this returns true either way.]],
    example = [[
node.stop()               --> true
node.alive()              --> false]],
    erlang = "net_kernel:stop/0",
    elixir = "Node.stop/0",
    see = { "node.start" } },

  { name = "node.ticktime", group = "node",
    sig = { "node.ticktime() -> seconds" },
    summary = "how fast a silent node is declared down",
    text = [[Returns the net tick time in seconds (60 unless --net-ticktime
      or node.start's ticktime says otherwise). A node silent for about
      that long is taken for down, and nodedown follows.]],
    example = [[
node.ticktime()           --> 60]],
    erlang = "net_kernel:get_net_ticktime/0",
    elixir = ":net_kernel.get_net_ticktime/0",
    see = { "node.monitor_nodes" } },

  { name = "node.cut", group = "node",
    sig = { "node.cut(name or {names}) -> true" },
    summary = "a netsplit on purpose: cut off from nodes",
    text = [[Cuts this node off from the given nodes in both directions:
      their connections close (nodedown on both sides), and every attempt
      to reconnect fails, from here or from them, until node.heal. One
      node cutting itself off from the rest makes a split-brain cluster on
      one machine, so you can watch global and pg meet again afterwards.]],
    example = [[
node.cut("bob@host")      --> true
node.connect("bob@host")  --> false, "this node is cut off from ..."
node.heal()               --> true]],
    erlang = "none: the shell's teaching tool. Erlang would need a firewall, or net_kernel:allow/1 plus erlang:disconnect_node/1 on both sides",
    see = { "node.heal", "node.cuts", "node.disconnect" } },

  { name = "node.heal", group = "node",
    sig = { "node.heal([name or {names}]) -> true" },
    summary = "end a cut, and reconnect",
    text = [[Lifts the cut to the given nodes, or with no argument every
      cut, and starts connecting to them again, so the two halves of the
      cluster meet: global resolves names both halves registered, and pg
      merges the groups.]],
    example = [=[
node.cut({"bob@host", "carol@host"})
node.heal("bob@host")
node.cuts()               --> ["carol@host"]
node.heal()]=],
    erlang = "none (see node.cut)",
    see = { "node.cut", "node.cuts" } },

  { name = "node.cuts", group = "node",
    sig = { "node.cuts() -> list of names" },
    summary = "the nodes this one is cut off from",
    text = [[Returns the names this node is cut off from by node.cut, as a
      sorted list of strings; [] when there is no cut.]],
    example = [=[
node.cut("bob@host")
node.cuts()               --> ["bob@host"]
node.heal()
node.cuts()               --> []]=],
    erlang = "none (see node.cut)",
    see = { "node.cut", "node.heal" } },

  -- Remote calls ---------------------------------------------------------------
  { name = "rpc.call", group = "rpc",
    sig = { 'rpc.call(node, "mod", "fun", {args} [, ms]) -> value or nil, {badrpc, why}',
            "rpc.call(node, fn [, {args} [, ms]]) -> value or nil, {badrpc, why}" },
    short = "rpc.call(node, ...)",
    summary = "run a function on a node, wait for its result",
    text = [[Runs mod.fun(args...) on node (a global Lua table's function
      on a repl node, mod:fun(Args) on an Erlang node), or a Lua function
      fn on a repl node, and returns its first result. A failure returns
      nil and tuple(atom.badrpc, reason): reason :nodedown, :timeout after
      ms milliseconds (nil: no limit), or {:EXIT, why} when it raised an
      error or exited. Erlang returns {badrpc, Reason} in place of the
      value; check the second result, as a function may return nil.]],
    example = [[
rpc.call("bob@host", "string", "upper", {"hi"})    --> "HI"
rpc.call("bob@host", function() return node.self() end)  --> "bob@host"
rpc.call("nobody@host", "os", "time", {})  --> nil, {:badrpc, :nodedown}]],
    erlang = "rpc:call/4, rpc:call/5",
    elixir = ":rpc.call/4, :rpc.call/5",
    see = { "rpc.multicall", "rpc.cast", "node.spawn" } },

  { name = "rpc.cast", group = "rpc",
    sig = { 'rpc.cast(node, "mod", "fun", {args}) -> true',
            "rpc.cast(node, fn [, {args}]) -> true" },
    short = "rpc.cast(node, ...)",
    summary = "run a function on a node, do not wait",
    text = [[Like rpc.call, but returns true at once and never says how it
      went: an unreachable node or an error there is not reported back
      (an error's crash report shows on this terminal, as erl's does).]],
    example = [[
rpc.cast("bob@host", function() print("hello from bob") end)   --> true]],
    erlang = "rpc:cast/4",
    elixir = ":rpc.cast/4",
    see = { "rpc.call", "rpc.eval_everywhere" } },

  { name = "rpc.multicall", group = "rpc",
    sig = { 'rpc.multicall([nodes,] "mod", "fun", {args} [, ms]) -> results, bad_nodes',
            "rpc.multicall([nodes,] fn [, {args} [, ms]]) -> results, bad_nodes" },
    short = "rpc.multicall(...)",
    summary = "call on many nodes at once",
    text = [[Calls on every node in nodes at once (this node and the
      visible ones by default) and returns two lists: the results of the
      nodes that answered, in order, and the nodes that were down or
      slower than ms. A call that failed there gives tuple(atom.badrpc,
      reason) as its result. Erlang returns {Results, BadNodes}; when a
      result is nil the list has a hole, and results.n counts them.]],
    example = [=[
nodes = {"bob@host", "nobody@host"}
res, bad = rpc.multicall(nodes, "string", "upper", {"x"})
res, bad                  --> ["X"], ["nobody@host"]
rpc.multicall(function() return node.self() end)
    --> ["alice@host", "bob@host"], []]=],
    erlang = "rpc:multicall/3, /4, /5",
    elixir = ":rpc.multicall/3, /4, /5",
    see = { "rpc.call", "rpc.eval_everywhere" } },

  { name = "rpc.eval_everywhere", group = "rpc",
    sig = { 'rpc.eval_everywhere([nodes,] "mod", "fun", {args}) -> true',
            "rpc.eval_everywhere([nodes,] fn [, {args}]) -> true" },
    short = "rpc.eval_everywhere(...)",
    summary = "cast to many nodes, do not wait",
    text = [[rpc.cast to every node in nodes (this node and the visible
      ones by default), returning true at once; Erlang returns the atom
      abcast. Nothing comes back.]],
    example = [[
rpc.eval_everywhere(function() print("hello from " .. node.self()) end)]],
    erlang = "rpc:eval_everywhere/3, /4",
    elixir = ":rpc.eval_everywhere/3, /4",
    see = { "rpc.cast", "rpc.multicall" } },

  -- Global names ---------------------------------------------------------------
  { name = "global.register_name", group = "global",
    sig = { "global.register_name(name, pid [, resolve]) -> true, or false and why" },
    short = "global.register_name(name, pid)",
    summary = "a name for a pid, across the cluster",
    text = [[Registers pid under name on every connected repl node, and
      returns true; false and why when the name is taken or the pid has a
      global name already (Erlang: yes or no). Only one of several nodes
      registering a name at once wins. The name goes away when the
      process exits; resolve picks the winner of a name both halves of a
      split cluster took (default global.random_exit_name).]],
    example = [[
global.register_name("counter", self())   --> true
p = spawn(receive)
global.register_name(tuple(atom.todo_list, "bob"), p)   --> true
global.whereis_name("counter")            --> <0.85.0>]],
    erlang = "global:register_name/2, /3",
    elixir = ":global.register_name/2, /3",
    see = { "global.whereis_name", "global.send", "global.re_register_name",
            "global.unregister_name", "global.random_exit_name" } },

  { name = "global.re_register_name", group = "global",
    sig = { "global.re_register_name(name, pid [, resolve]) -> true" },
    short = "global.re_register_name(name, pid)",
    summary = "register, or move the name",
    text = [[As global.register_name, but when the name is taken it moves
      to pid. Returns true, where Erlang returns yes.]],
    example = [[
global.re_register_name("counter", spawn(receive))   --> true]],
    erlang = "global:re_register_name/2, /3",
    elixir = ":global.re_register_name/2, /3",
    see = { "global.register_name" } },

  { name = "global.unregister_name", group = "global",
    sig = { "global.unregister_name(name) -> true" },
    summary = "free a global name",
    text = [[Removes name on every node; the process keeps running. Returns
      true, also when no one had the name.]],
    example = [[
global.unregister_name("counter")   --> true
global.whereis_name("counter")      --> nil]],
    erlang = "global:unregister_name/1",
    elixir = ":global.unregister_name/1",
    see = { "global.register_name" } },

  { name = "global.whereis_name", group = "global",
    sig = { "global.whereis_name(name) -> pid or nil" },
    summary = "the pid a global name stands for",
    text = [[Returns the pid registered under name anywhere in the
      cluster, or nil where Erlang returns undefined. It reads this node's
      copy of the table and sends no message.]],
    example = [[
global.whereis_name("counter")   --> <1.90.0>
global.whereis_name("nobody")    --> nil]],
    erlang = "global:whereis_name/1",
    elixir = ":global.whereis_name/1",
    see = { "global.register_name", "global.send", "whereis" } },

  { name = "global.send", group = "global",
    sig = { "global.send(name, msg) -> pid" },
    summary = "send to a global name",
    text = [[Sends msg to the process registered globally as name, on
      whichever node it runs, and returns its pid. An unknown name raises
      an error (Erlang exits with badarg), while send to a pid never
      fails: use pcall to test.]],
    example = [[
global.register_name("me", self())
global.send("me", "hello")   --> <0.85.0>
receive()                    --> "hello"]],
    erlang = "global:send/2",
    elixir = ":global.send/2",
    see = { "global.whereis_name", "send" } },

  { name = "global.registered_names", group = "global",
    sig = { "global.registered_names() -> list of names" },
    summary = "every global name",
    text = [[Returns the global names as they were registered (an atom
      comes as a string) in a fixed order: strings sorted, then other
      terms. Erlang returns them in no order.]],
    example = [=[
global.registered_names()   --> ["counter", "me"]]=],
    erlang = "global:registered_names/0",
    elixir = ":global.registered_names/0",
    see = { "global.whereis_name", "registered" } },

  { name = "global.set_lock", group = "global",
    sig = { "global.set_lock(id [, nodes [, retries]]) -> boolean" },
    short = "global.set_lock(id, ...)",
    summary = "take a lock across nodes",
    text = [[Takes the lock id on nodes (default: every repl node) and
      returns true, or false after retries more tries (nil: try for ever).
      id is {resource, requester}, as Erlang's LockId, or just a resource
      with the caller as requester; one requester may hold it from several
      processes. It goes with its processes when they exit.]],
    example = [[
global.set_lock({"printer", self()})   --> true
global.del_lock({"printer", self()})   --> true]],
    erlang = "global:set_lock/1, /2, /3",
    elixir = ":global.set_lock/1, /2, /3",
    see = { "global.del_lock", "global.trans" } },

  { name = "global.del_lock", group = "global",
    sig = { "global.del_lock(id [, nodes]) -> true" },
    summary = "give a lock back",
    text = [[Ends the caller's hold on the lock id on nodes (default: every
      repl node). Returns true, also when the lock was not held.]],
    example = [[
global.set_lock("printer")
global.del_lock("printer")   --> true]],
    erlang = "global:del_lock/1, /2",
    elixir = ":global.del_lock/1, /2",
    see = { "global.set_lock", "global.trans" } },

  { name = "global.trans", group = "global",
    sig = { 'global.trans(id, fn [, nodes [, retries]]) -> results, or nil and "aborted"' },
    short = "global.trans(id, fn, ...)",
    summary = "run fn holding a lock",
    text = [[Takes the lock id as global.set_lock does, runs fn(), gives the
      lock back (also when fn raises an error, which then goes on) and
      returns fn's results. When the lock cannot be had within retries it
      returns nil and "aborted", where Erlang returns the atom aborted.]],
    example = [[
global.trans("printer", function() return "printed" end)   --> "printed"]],
    erlang = "global:trans/2, /3, /4",
    elixir = ":global.trans/2, /3, /4",
    see = { "global.set_lock" } },

  { name = "global.sync", group = "global",
    sig = { "global.sync() -> true" },
    summary = "wait until the name tables agree",
    text = [[Returns once this node has exchanged name tables with every
      repl node it is connected to, so global.whereis_name sees their
      names. Returns true, where Erlang returns ok.]],
    example = [[
node.connect("bob@host")
global.sync()                    --> true
global.whereis_name("counter")   --> <1.90.0>]],
    erlang = "global:sync/0",
    elixir = ":global.sync/0",
    see = { "global.whereis_name" } },

  { name = "global.random_exit_name", group = "global",
    sig = { "global.random_exit_name(name, pid1, pid2) -> pid" },
    short = "global.random_exit_name(...)",
    summary = "resolve a name clash: kill one (default)",
    text = [[A resolve function for register_name: when a healed split
      finds name held by two pids, it keeps the one on the node whose
      name sorts first, kills the other and prints which, as Erlang's
      does. A resolve function that returns nil (Erlang's none) or fails
      drops the name and kills no one.]],
    example = [[
global.register_name("leader", spawn(receive), global.random_exit_name)]],
    erlang = "global:random_exit_name/3",
    elixir = ":global.random_exit_name/3",
    see = { "global.random_notify_name", "global.notify_all_name", "node.cut" } },

  { name = "global.random_notify_name", group = "global",
    sig = { "global.random_notify_name(name, pid1, pid2) -> pid" },
    short = "global.random_notify_name(...)",
    summary = "resolve a name clash: tell the loser",
    text = [[A resolve function for register_name: keeps one of the two
      pids (as random_exit_name picks) and sends the other
      tuple(atom.global_name_conflict, name) instead of killing it.]],
    example = [[
global.register_name("chief", spawn(receive), global.random_notify_name)]],
    erlang = "global:random_notify_name/3",
    elixir = ":global.random_notify_name/3",
    see = { "global.random_exit_name", "global.notify_all_name" } },

  { name = "global.notify_all_name", group = "global",
    sig = { "global.notify_all_name(name, pid1, pid2) -> nil" },
    short = "global.notify_all_name(...)",
    summary = "resolve a clash: drop the name, tell both",
    text = [[A resolve function for register_name: keeps neither pid (the
      name is dropped; Erlang's returns none) and sends each of the two
      tuple(atom.global_name_conflict, name, other_pid). Both live on.]],
    example = [[
global.register_name("head", spawn(receive), global.notify_all_name)]],
    erlang = "global:notify_all_name/3",
    elixir = ":global.notify_all_name/3",
    see = { "global.random_exit_name", "global.random_notify_name" } },

  -- Process groups -------------------------------------------------------------
  { name = "pg.start", group = "pg",
    sig = { 'pg.start([scope]) -> pid, or nil, "already started", pid' },
    summary = "start a scope of groups",
    text = [[Starts the scope named scope (a string; the default "pg" when
      left out) on this node and returns its process. Groups in different
      scopes are apart; nodes share a scope's groups when each runs it.
      As in OTP 25 and Elixir, no scope runs by itself, not even "pg":
      call pg.start() on every node that uses pg, where the seeds call
      :pg.start_link(). Until then pg.join, pg.leave, pg.monitor,
      pg.monitor_scope and pg.which_groups raise an error saying so (erl:
      noproc or badarg), and pg.get_members returns [] (as erl's does, so
      an empty group can also mean pg is not started). When it runs
      already: nil, "already started" and its pid, where Erlang says
      {error, {already_started, Pid}}.]],
    example = [[
pg.join("room1", self())  --> error: pg is not running on this node: call pg.start() first ...
pg.start()                --> <0.84.0>
pg.start()                --> nil, "already started", <0.84.0>
pg.start("chat")          --> <0.90.0>
pg.join("chat", "room1", self())]],
    erlang = "pg:start/1 and pg:start_link/0, which return {ok, Pid}",
    elixir = ":pg.start/1, :pg.start_link/0",
    see = { "pg.join", "pg.which_groups" } },

  { name = "pg.join", group = "pg",
    sig = { "pg.join([scope,] group, pid or {pids}) -> true" },
    short = "pg.join([scope,] group, pids)",
    summary = "add processes of this node to a group",
    text = [[Adds the pids, which must run on this node, to group, and
      tells every node of the scope. Returns true, where Erlang returns
      ok. A string group is the atom of that name to Erlang nodes (workers
      and :workers are one group); a pid that joins twice is a member
      twice, and leaves every group when it exits. The scope must run on
      this node (pg.start()), or pg.join raises an error saying so.]],
    example = [=[
pg.start()
pg.join("workers", self())   --> true
pg.get_members("workers")    --> [<0.85.0>]]=],
    erlang = "pg:join/2, pg:join/3",
    elixir = ":pg.join/2, :pg.join/3",
    see = { "pg.leave", "pg.get_members" } },

  { name = "pg.leave", group = "pg",
    sig = { "pg.leave([scope,] group, pid or {pids}) -> boolean" },
    short = "pg.leave([scope,] group, pids)",
    summary = "take processes out of a group",
    text = [[Undoes one join of each pid. Returns true, or false when none
      of them had joined, where Erlang returns ok or not_joined.]],
    example = [[
p = spawn(receive)
pg.join("workers", p)
pg.leave("workers", p)    --> true
pg.leave("workers", p)    --> false]],
    erlang = "pg:leave/2, pg:leave/3",
    elixir = ":pg.leave/2, :pg.leave/3",
    see = { "pg.join" } },

  { name = "pg.get_members", group = "pg",
    sig = { "pg.get_members([scope,] group) -> list of pids" },
    summary = "the members of a group, on every node",
    text = [[Returns the pids in group on every node of the scope; [] for a
      group no one knows, and for a scope not started on this node (as
      erl's: start pg with pg.start() on every node). It reads this node's
      copy and sends no message, so a join on another node shows a moment
      later.]],
    example = [=[
pg.get_members("workers")    --> [<0.85.0>, <1.91.0>]]=],
    erlang = "pg:get_members/1, pg:get_members/2",
    elixir = ":pg.get_members/1, :pg.get_members/2",
    see = { "pg.get_local_members", "pg.join" } },

  { name = "pg.get_local_members", group = "pg",
    sig = { "pg.get_local_members([scope,] group) -> list of pids" },
    summary = "the members of a group on this node",
    text = [[Like pg.get_members, but only the members that run on this
      node.]],
    example = [=[
pg.get_local_members("workers")   --> [<0.85.0>]]=],
    erlang = "pg:get_local_members/1, pg:get_local_members/2",
    elixir = ":pg.get_local_members/1, :pg.get_local_members/2",
    see = { "pg.get_members" } },

  { name = "pg.which_groups", group = "pg",
    sig = { "pg.which_groups([scope]) -> list of groups" },
    summary = "the groups with members anywhere",
    text = [[Returns every group of the scope that has a member on some
      node, in no order. Groups that Erlang nodes name by atoms come as
      strings. Raises an error when the scope is not started here.]],
    example = [=[
pg.join("workers", self())
pg.which_groups()         --> ["workers"]]=],
    erlang = "pg:which_groups/0, pg:which_groups/1",
    elixir = ":pg.which_groups/0, :pg.which_groups/1",
    see = { "pg.which_local_groups", "pg.get_members" } },

  { name = "pg.which_local_groups", group = "pg",
    sig = { "pg.which_local_groups([scope]) -> list of groups" },
    summary = "the groups with members on this node",
    text = [[Like pg.which_groups, but only the groups that have a member
      on this node.]],
    example = [=[
pg.which_local_groups()   --> ["workers"]]=],
    erlang = "pg:which_local_groups/0, pg:which_local_groups/1",
    elixir = ":pg.which_local_groups/0, :pg.which_local_groups/1",
    see = { "pg.which_groups" } },

  { name = "pg.monitor", group = "pg",
    sig = { "pg.monitor([scope,] group) -> ref, members" },
    summary = "be told of joins and leaves in a group",
    text = [[Returns a ref and the group's members now, as two results
      (Erlang returns {Ref, Pids}). Then each change comes as
      tuple(ref, atom.join, group, {pids}) or tuple(ref, atom.leave,
      group, {pids}), the group a string as given, until pg.demonitor(ref).]],
    example = [[
pg.start()
ref, now = pg.monitor("workers")
pg.join("workers", self())
receive()                 --> {#Ref<...>, :join, "workers", [<0.85.0>]}]],
    erlang = "pg:monitor/1, pg:monitor/2",
    elixir = ":pg.monitor/1, :pg.monitor/2",
    see = { "pg.monitor_scope", "pg.demonitor" } },

  { name = "pg.monitor_scope", group = "pg",
    sig = { "pg.monitor_scope([scope]) -> ref, groups" },
    summary = "be told of changes in every group",
    text = [[Like pg.monitor for all the groups of the scope: returns a
      ref and a table {group = {pids}} of the groups now (Erlang returns
      {Ref, #{Group => Pids}}), then tuple(ref, atom.join or atom.leave,
      group, {pids}) for every change.]],
    example = [=[
ref, groups = pg.monitor_scope()
groups.workers            --> [<0.85.0>]]=],
    erlang = "pg:monitor_scope/0, pg:monitor_scope/1",
    elixir = ":pg.monitor_scope/0, :pg.monitor_scope/1",
    see = { "pg.monitor", "pg.demonitor" } },

  { name = "pg.demonitor", group = "pg",
    sig = { "pg.demonitor(ref) -> boolean" },
    summary = "stop a pg.monitor or pg.monitor_scope",
    text = [[Ends the monitor ref and removes its notifications still in
      the mailbox. Returns true, or false when ref is no pg monitor
      (Erlang's returns ok or false).]],
    example = [[
ref = pg.monitor("workers")
pg.demonitor(ref)         --> true]],
    erlang = "pg:demonitor/1, pg:demonitor/2",
    elixir = ":pg.demonitor/1, :pg.demonitor/2",
    see = { "pg.monitor", "pg.monitor_scope" } },

  -- Servers -------------------------------------------------------------------
  { name = "server.start", group = "server",
    sig = { "server.start(callbacks, arg [, {name = n | global = n, link = true}]) -> pid, or nil and why" },
    short = "server.start(callbacks, arg [, opts])",
    summary = "start a server process",
    text = [[Starts a process that runs callbacks (a table): init(arg) -> state
      (without init the state is arg); handle_call(req, from, state) ->
      reply, state; handle_cast(msg, state) -> state; handle_info(msg,
      state) -> state; terminate(reason, state), optional. Returns once init
      has run. With name it registers that local name, with global a global
      name; link = true links it to you. Failure is nil and why (the name
      is taken, init raised or returned server.STOP). Where Elixir returns
      {:reply, r, s} / {:noreply, s}, Lua returns r, s / s.]],
    example = [[
counter = {
  init = function(n) return n end,
  handle_call = function(req, from, n) if req == atom.get then return n, n end end,
  handle_cast = function(k, n) return n + k end,
}
server.start(counter, 0, {name = "counter"})        --> <0.81.0>
server.start(counter, 0, {name = "counter"})
    --> nil, "the name \"counter\" is already registered to <0.81.0>"]],
    erlang = "gen_server:start/4, gen_server:start_link/4",
    elixir = "GenServer.start/3, GenServer.start_link/3",
    see = { "server.call", "server.cast", "server.stop" } },

  { name = "server.call", group = "server",
    sig = { "server.call(server, req [, ms]) -> reply" },
    summary = "ask a server and wait for its reply",
    text = [[Sends req to the server's handle_call and returns its reply.
      Waits ms milliseconds (default 5000; "infinity" for no limit). Where
      GenServer.call exits, this raises an error that names the reason:
      "time out", "no process: ..." (no such name, or the server is dead),
      "no connection to node" (the node is gone), or the reason the server
      crashed with. A reply that comes after a time out lands in your
      mailbox as tuple(ref, reply). server is a pid, a local name,
      tuple(name, node) (strings or atoms) or {global = name}.]],
    example = [[
server.cast("counter", 5)
server.call("counter", atom.get)                    --> 5
server.call(tuple("counter", "bob@host"), atom.get)  -- on another node
server.call({global = "kv"}, tuple(atom.get, "k"))  -- a global name]],
    erlang = "gen_server:call/2,3",
    elixir = "GenServer.call/3",
    see = { "server.cast", "server.reply", "server.start" } },

  { name = "server.cast", group = "server",
    sig = { "server.cast(server, msg) -> true" },
    summary = "send a server a request without waiting",
    text = [[Sends msg to the server's handle_cast and returns true at once,
      even when no process has that name (as GenServer.cast returns :ok).]],
    example = [[
server.cast("counter", 5)                            --> true]],
    erlang = "gen_server:cast/2",
    elixir = "GenServer.cast/2",
    see = { "server.call" } },

  { name = "server.reply", group = "server",
    sig = { "server.reply(from, value) -> true" },
    summary = "answer a call later",
    text = [[From handle_call, return server.NOREPLY, state to leave the call
      waiting, keep from (tuple(caller pid, tag)), and answer later with
      server.reply(from, value), from any callback or process. To reply and
      stop: server.reply(from, v), then return server.STOP, reason.]],
    example = [[
slow = {
  handle_call = function(req, from, s)
    send_after(100, self(), tuple(atom.answer, from))
    return server.NOREPLY, s
  end,
  handle_info = function(m, s) server.reply(m[2], "later") return s end,
}
server.call(server.start(slow, nil), atom.anything)  --> "later"]],
    erlang = "gen_server:reply/2, {noreply, State}",
    elixir = "GenServer.reply/2, {:noreply, state}",
    aliases = { "server.NOREPLY" },
    see = { "server.call", "server.stop" } },

  { name = "server.stop", group = "server",
    sig = { "server.stop(server [, reason [, ms]]) -> true" },
    summary = "stop a server and wait until it is gone",
    text = [[Stops the server with reason (default :normal) after its
      terminate(reason, state) runs, and returns true once it is gone. It
      stops an Erlang gen_server the same way. A server can also stop
      itself: a callback returns server.STOP, reason [, state].]],
    example = [[
server.stop("counter")                               --> true]],
    erlang = "gen_server:stop/1,3, {stop, Reason, State}",
    elixir = "GenServer.stop/3, {:stop, reason, state}",
    aliases = { "server.STOP" },
    see = { "server.start", "server.reply" } },

  -- Peer nodes ----------------------------------------------------------------
  { name = "peer.start", group = "peer",
    sig = { "peer.start{name = n, cookie =, hidden =, ticktime =, connect = true, output = true, args = {}, longnames =, timeout = 15000, dir =} -> h, or nil and why" },
    short = "peer.start{name = \"n2\", ...}",
    summary = "start a child repl node",
    text = [[Starts a child repl node and returns once it is up (and
      connected to us, unless connect = false). h.node is "n2@host", h.name
      "n2", h.os_pid its OS process. cookie: ours by default; hidden: out of
      node.list(); ticktime: its net tick time in seconds; args: more
      command-line arguments; dir: its working folder (ours by default),
      so that its files are its own, as on another machine. output = true prints its lines as "[n2]
      line", false drops them, a function gets each line. A node with no
      name is named first (said once on stderr). If the child cannot start
      or connect you get nil and why.]],
    example = [[
a = peer.start{name = "a"}
rpc.call(a.node, node.self)                          --> "a@host"
peer.stop(a)                                         --> true]],
    erlang = "peer:start/1",
    see = { "peer.stop", "peer.kill", "peer.list" } },

  { name = "peer.stop", group = "peer",
    sig = { "peer.stop(h) -> true, or nil and why" },
    summary = "stop a peer and wait for its exit",
    text = [[Stops the peer as halt() would and waits until it has exited;
      its nodedown follows.]],
    example = [[
a = peer.start{name = "a"}
peer.stop(a)                                         --> true]],
    erlang = "peer:stop/1",
    see = { "peer.start", "peer.kill" } },

  { name = "peer.kill", group = "peer",
    sig = { "peer.kill(h) -> true, or nil and why" },
    summary = "kill -9 a peer (failover drills)",
    text = [[Kills the peer's OS process with SIGKILL, as a crash or a pulled
      plug would: its connections drop at once, so nodedown arrives
      without waiting for ticks. Waits for the exit.]],
    example = [[
b = peer.start{name = "b"}
node.monitor(b.node, true)
peer.kill(b)                                         --> true
receive()              --> {:nodedown, "b@host"}]],
    erlang = "os:cmd(\"kill -9 \" ++ OsPid)",
    see = { "peer.start", "peer.stop", "node.monitor" } },

  { name = "peer.list", group = "peer",
    sig = { "peer.list() -> {h, ...}" },
    summary = "the peers still running",
    text = [[The handles of the peers this node started that still run,
      oldest first.]],
    example = [[
peer.start{name = "a"}
#peer.list()                                         --> 1]],
    erlang = "(none: keep peer:start's pids)",
    see = { "peer.start" } },

}

---------------------------------------------------------------- topics

-- Pages that are not functions. "values" is also the end of h().
local VALUES = [[
Lua vs Erlang (how the shell says what Erlang says)
  true / false       where Erlang answers yes/no (global.register_name) or
                     ok/not_joined (pg.leave); node.ping says "pong"/"pang"
  nil                where Erlang returns undefined (whereis, process_info)
  value, err         a call that can fail returns nil or false plus a reason;
                     bad arguments raise an error, like Erlang's badarg
  "text"             strings travel as binaries (Erlang <<"text">>)
  atom"x", atom.x    atoms, shown :x
  tuple(a, b)        tuples, shown {a, b}; t[1] is the first element:
                     Elixir's elem(t, 0), Erlang's element(1, T)
  {1, 2, 3}          a sequence table is a list, shown [1, 2, 3]; {} is
                     the empty list, shown []; any other table is a map,
                     shown {x = 1}
  nil in a message   becomes Elixir's nil (the atom nil)
  nil, {:badrpc, r}  rpc.call's failure, where Erlang returns {badrpc, R}
  "bob@host"         node names are strings (atom"bob@host" works too)
  "workers"          a pg group; Erlang sees the atom workers]]

local TOPICS = {
  values = VALUES, lua = VALUES, erlang = VALUES,
}

---------------------------------------------------------------- indexes

local BY_NAME, BY_GROUP, GROUP_BY_MODULE = {}, {}, {}

for _, g in ipairs(GROUPS) do
  BY_GROUP[g.id] = {}
  if g.module then GROUP_BY_MODULE[g.module] = g end
end
for _, e in ipairs(ENTRIES) do
  BY_NAME[e.name] = e
  for _, a in ipairs(e.aliases or {}) do BY_NAME[a] = e end
  table.insert(BY_GROUP[e.group], e)
end

-- The value a dotted name refers to now, or nil: "spawn" is _G.spawn,
-- "node.connect" is _G.node.connect. Looked up at each call, because the
-- VM installs (and a learner may replace) the globals after this loads.
local function lookup(name)
  local v = _G
  for part in name:gmatch("[^.]+") do
    if type(v) ~= "table" then return nil end
    v = rawget(v, part)
  end
  return v
end

---------------------------------------------------------------- text

-- Reflow a paragraph written across several source lines.
local function wrap(text, indent, width)
  local lines, line = {}, nil
  for word in text:gmatch("%S+") do
    if line and #line + 1 + #word > width then
      lines[#lines + 1] = line
      line = nil
    end
    line = line and (line .. " " .. word) or (indent .. word)
  end
  lines[#lines + 1] = line
  return table.concat(lines, "\n")
end

local function indent_block(text, indent)
  return indent .. text:gsub("\n", "\n" .. indent)
end

local function describe(e)
  local out = { table.concat(e.sig, "\n"), "",
                wrap(e.text, "  ", WIDTH), "",
                "  Example:", indent_block(e.example, "    "), "",
                wrap("Erlang: " .. e.erlang, "  ", WIDTH) }
  if e.elixir then
    out[#out + 1] = wrap("Elixir: " .. e.elixir, "  ", WIDTH)
  end
  if e.see then
    out[#out + 1] = wrap("See also: " .. table.concat(e.see, ", "), "  ", WIDTH)
  end
  return table.concat(out, "\n")
end

-- What h() lists for an entry: short, or sig[1] without its results.
local function listed_sig(e)
  return e.short or (e.sig[1]:gsub(" %->.*", ""))   -- results: h"x"
end

-- The summaries of a group line up in one column, wide enough for its
-- longest signature (module names make some long), up to MAX_COLUMN.
local MIN_COLUMN, MAX_COLUMN = 26, 36

local function list_group(g, out)
  out[#out + 1] = g.title
  if g.intro then out[#out + 1] = wrap(g.intro, "  ", WIDTH) end
  local column = MIN_COLUMN
  for _, e in ipairs(BY_GROUP[g.id]) do
    column = math.max(column, math.min(#listed_sig(e), MAX_COLUMN))
  end
  for _, e in ipairs(BY_GROUP[g.id]) do
    out[#out + 1] = string.format("  %-" .. column .. "s %s", listed_sig(e), e.summary)
  end
end

-- h"topic" lists a group: its module's name (h"node"), else its id, or
-- this word where the id is a function's name (h"processes" is processes()).
local TOPIC_WORD = { processes = "process", signals = "links" }
local GROUP_BY_TOPIC = {}
for _, g in ipairs(GROUPS) do
  g.topic = g.module or TOPIC_WORD[g.id] or g.id
  GROUP_BY_TOPIC[g.topic] = g
end

-- A topic's page: its group's listing, then the topic text of that name
-- (h"values" lists atom, tuple... and then how Lua's values map).
local function topic_page(name)
  local g, text = GROUP_BY_TOPIC[name], TOPICS[name]
  if not g then return text end
  local out = {}
  list_group(g, out)
  if text then out[#out + 1] = "\n" .. text end
  return table.concat(out, "\n")
end

-- h(): one screen (24 rows of 80 columns, with room for the prompt): a
-- row per topic with the first of its functions, and how to ask for more.
local function overview()
  local out = { "repl: Lua with Erlang's processes, messages and nodes. "
                .. "Help by topic:", "" }
  for _, g in ipairs(GROUPS) do
    local row = string.format('  %-12s %s:', 'h"' .. g.topic .. '"', g.title)
    local entries = BY_GROUP[g.id]
    for i, e in ipairs(entries) do
      local more = i < #entries and " ..." or ""
      if #row + 1 + #e.name + #more > WIDTH then row = row .. " ..." break end
      row = row .. " " .. e.name
    end
    out[#out + 1] = row
  end
  out[#out + 1] = ""
  out[#out + 1] = 'h"name" or h(fn) explains one function, with an example, the Erlang it'
  out[#out + 1] = 'mirrors and its Elixir spelling: h"spawn", h(node.connect), h"rpc.call".'
  out[#out + 1] = 'Coming from Elixir? h"values" maps Lua\'s values to Erlang\'s.'
  return table.concat(out, "\n")
end

---------------------------------------------------------------- lookups

local distance = require("repl.near").distance

local function close_matches(name)
  local found = {}
  local function consider(c)
    local d = distance(name:lower(), c:lower())
    local near = d <= (#name <= 3 and 1 or math.max(2, #name // 3))
    local inside = #name >= 3 and c:lower():find(name:lower(), 1, true)
    if near or inside then
      found[#found + 1] = { c, d }
    end
  end
  for _, e in ipairs(ENTRIES) do consider(e.name) end
  for t in pairs(TOPICS) do consider(t) end
  for m in pairs(GROUP_BY_TOPIC) do consider(m) end
  table.sort(found, function(x, y)
    if x[2] ~= y[2] then return x[2] < y[2] end
    return x[1] < y[1]
  end)
  local names = {}
  for i = 1, math.min(#found, 5) do names[i] = found[i][1] end
  return names
end

-- The standard libraries and their sections in the reference manual.
local STDLIBS = { "string", "table", "math", "io", "os", "coroutine",
                  "utf8", "debug", "package" }
local SECTION = { coroutine = "6.2", package = "6.3", string = "6.4",
                  utf8 = "6.5", table = "6.6", math = "6.7", io = "6.8",
                  os = "6.9", debug = "6.10" }
local BASE = {}
for f in ([[assert collectgarbage dofile error getmetatable ipairs load
  loadfile next pairs pcall rawequal rawget rawlen rawset require select
  setmetatable tonumber tostring type warn xpcall]]):gmatch("%S+") do
  BASE[f] = true
end

-- Lua's own functions are not ours to explain: point at the manual.
local function manual_pointer(name)
  local anchor = SECTION[name] or "pdf-" .. name
  return name .. " is standard Lua, not the shell's API. The Lua 5.4 manual"
    .. " explains it:\nhttps://www.lua.org/manual/5.4/manual.html#" .. anchor
end

-- Is name a standard library function or library ("pairs", "string",
-- "string.format")? Only names that exist in this state count.
local function is_stdlib(name)
  if lookup(name) == nil then return false end
  if BASE[name] then return true end
  local lib = name:match("^(%a+)")
  for _, l in ipairs(STDLIBS) do
    if l == lib then return true end
  end
  return false
end

-- The standard name of a function value, or nil. Only the libraries are
-- searched, not all of _G, where a learner's own functions live.
local function stdlib_name(v)
  for f in pairs(BASE) do
    if rawequal(rawget(_G, f), v) then return f end
  end
  for _, lib in ipairs(STDLIBS) do
    local t = rawget(_G, lib)
    if rawequal(t, v) then return lib end
    if type(t) == "table" then
      for k, f in pairs(t) do
        if rawequal(f, v) then return lib .. "." .. k end
      end
    end
  end
  return nil
end

local function by_name(name)
  name = name:gsub("^%s+", ""):gsub("%s+$", ""):gsub("%(%)$", "")
  if BY_NAME[name] then return describe(BY_NAME[name]) end
  local page = topic_page(name)
  if page then return page end
  if is_stdlib(name) then return manual_pointer(name) end
  local msg = string.format(
    "No help for %q: it is not part of the shell's API.", name)
  local near = close_matches(name)
  if #near > 0 then
    msg = msg .. "\nDid you mean: " .. table.concat(near, ", ") .. "?"
  end
  return msg .. "\nh() lists the topics."
end

-- h(fn): find which documented name holds this very value right now.
local function by_value(v)
  for _, e in ipairs(ENTRIES) do
    if rawequal(lookup(e.name), v) then return describe(e) end
  end
  for m, g in pairs(GROUP_BY_MODULE) do
    if rawequal(lookup(m), v) then return by_name(m) end
  end
  local std = stdlib_name(v)
  if std then return manual_pointer(std) end
  if type(v) == "function" then
    return "No help for this function: it is not part of the shell's API\n"
      .. "(perhaps you defined it). h() lists the topics."
  end
  return 'h takes a function, a name in quotes (h"receive"), or nothing.'
    .. " It got " .. tostring(v) .. "."
end

return function(...)
  if select("#", ...) == 0 then return overview() end
  local x = ...
  if x == nil then
    -- h(spwan) with a misspelt name passes nil: say so.
    return "h got nil: is the name spelt right? To ask by name, quote it:"
      .. '\nh"spawn". h() lists the topics.'
  end
  if type(x) == "string" then return by_name(x) end
  return by_value(x)
end

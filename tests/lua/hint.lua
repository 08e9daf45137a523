-- hint.lua: what the shell says when a learner types Elixir, a shell
-- command or a misspelt name (repl/lua/hint.lua). The Elixir lines are the
-- seeds' own spellings (shared/seeds/); each hint's Lua must compile, and
-- those that are safe to run here must run.
local t = dofile("tests/lib/tap.lua")
local hint = require "repl.hint"

-- The error Lua gives for src: its syntax error, or what running it raises.
local function lua_error(src)
  local f, err = load("return " .. src, "=stdin", "t")
  if not f then f, err = load(src, "=stdin", "t") end
  if not f then return err, "syntax" end
  local ok, e = pcall(f)
  return not ok and e or nil, "run"
end

-- The hint the shell shows for an Elixir line, as it decides: after a
-- syntax error, or after an error the line raised.
local function elixir_hint(src)
  local err, kind = lua_error(src)
  if kind == "syntax" then return hint.syntax(src) end
  return err and hint.error(src, err)
end

pid = self()   -- the seeds' lines name a pid
local cases = {
  -- Elixir typed, the Lua spelling, whether running that here is harmless
  { 'Node.self()', 'node.self()', true },
  { 'Node.self', 'node.self()', true },
  { 'Node.list()', 'node.list()', true },
  { 'Node.list(:hidden)', 'node.list("hidden")', true },
  { 'Node.alive?()', 'node.alive()', true },
  { 'Node.connect(:"b@h")', 'node.connect("b@h")' },
  { 'Node.ping(:"b@h")', 'node.ping("b@h")' },
  { 'Node.get_cookie()', 'node.get_cookie()', true },
  { 'Process.register(pid, :name)', 'register(atom.name, pid)', true },
  { ':global.whereis_name(:x)', 'global.whereis_name(atom.x)', true },
  { ':global.register_name(:boss, self())', 'global.register_name(atom.boss, self())' },
  { ':rpc.call(:"b@h", Node, :self, [])', 'rpc.call("b@h", "node", "self", {})' },
  { ':rpc.multicall(Node.list(), :erlang, :node, [])',
    'rpc.multicall(node.list(), "node", "self", {})' },
  { 'send(pid, {:ok, 1})', 'send(pid, tuple(atom.ok, 1))', true },
  { 'send({:shell, :"b@h"}, "hi")', 'send(tuple(atom.shell, "b@h"), "hi")' },
  { 'IO.puts "x"', 'print "x"' },
  { 'IO.puts("hello")', 'print("hello")' },
  { 'IO.puts("")', 'print("")' },
  { 'IO.puts("Hello from #{Node.self()}!")', 'print("Hello from " .. tostring(node.self()) .. "!")' },
  { 'IO.puts("Node.self: :ok {x} [y] 100% \\"q\\"")', 'print("Node.self: :ok {x} [y] 100% \\"q\\"")' },
  { 'Process.send_after(self(), :tick, 1000)', 'send_after(1000, self(), atom.tick)' },
  { 'Process.flag(:trap_exit, true)', 'trap_exit(true)' },
  { ':net_kernel.monitor_nodes(true)', 'node.monitor_nodes(true)' },
  { 'Node.monitor(:"b@h", true)', 'node.monitor("b@h", true)' },
  { ':pg.start_link()', 'pg.start()' },
  { ':pg.join(:workers, self())', 'pg.join(atom.workers, self())' },
  { 'GenServer.call(:counter, :get)', 'server.call(atom.counter, atom.get)' },
  { 'Node.spawn(:"b@h", fn -> IO.puts("hi") end)',
    'node.spawn("b@h", function() return print("hi") end)' },
  { 'node()', 'node.self()', true },
  { 'Node.set_cookie(:new_secret)', 'node.set_cookie("new_secret")' },
  { 'Node.disconnect(:node3@localhost)', 'node.disconnect("node3@localhost")' },
  { ':rpc.cast(:bob@hostname, IO, :puts, ["fire and forget"])',
    'rpc.cast("bob@hostname", print, {"fire and forget"})' },
  { ':global.send(:boss, "I surrender")', 'global.send(atom.boss, "I surrender")' },
  { 'Process.sleep(10)', 'sleep(10)', true },
  { 'Process.monitor(pid)', 'monitor(pid)', true },
  { 'GenServer.start_link(Counter, 0, name: :counter)',
    'server.start(Counter, 0, {name = atom.counter})' },
  { '%{name: "x", n: 3}', '{name = "x", n = 3}', true },
}
for _, c in ipairs(cases) do
  local src, want, safe = c[1], c[2], c[3]
  local got = elixir_hint(src)
  t.is(got, "in Lua: " .. want, src .. " gets the hint: in Lua: " .. want)
  local f = load("return " .. want, "=hint", "t") or load(want, "=hint", "t")
  t.ok(f, want .. " compiles")
  if safe and f then
    local ok, err = pcall(f)
    t.ok(ok, want .. " runs here" .. (ok and "" or ": " .. tostring(err)))
  end
end

-- Elixir with no line-for-line Lua: a pointer, not a wrong translation.
t.has(hint.syntax("receive do {:ok, x} -> x end"), 'h"receive"', "receive do ... end points to h\"receive\"")
t.has(hint.syntax("Node.list() |> length()"), "no pipe", "a pipe is said to have no Lua spelling")
t.has(hint.syntax("{:ok, x} = foo"), "no pattern matching", "a match is said to have none")

-- Lua's own mistakes are not taken for Elixir.
t.is(hint.syntax("x = = 1"), nil, "a Lua syntax error gets no Elixir hint")
t.is(hint.syntax("x = {1, 2)"), nil, "nor does a Lua typo that brackets could turn into a tuple")
t.is(hint.syntax("s:upper(]"), nil, "nor a method call")
t.is(hint.syntax("Kv.put({1, 2)"), nil, "nor a learner's own module with a typo")
t.is(hint.error("x.y()", "stdin:1: attempt to index a nil value (global 'x')"), nil,
     "a nil global that is not an Elixir module gets no Elixir hint")

-- Shell commands typed at the prompt (Lua reads `iex --sname a` as the
-- global iex and a comment: it would print nil).
t.has(hint.command("iex --sname a"), 'node.start("a")', "iex --sname a: node.start(\"a\")")
t.has(hint.command("repl --sname b"), 'node.start("b")', "repl --sname b: node.start(\"b\")")
t.has(hint.command("iex --sname a"), "system's shell", "... and says it is a command for the system's shell")
t.has(hint.command("erl -sname c -setcookie monster"), 'node.start("c", {cookie = "monster"})',
      "erl -sname c -setcookie monster: the cookie too")
t.has(hint.command("iex --name a@127.0.0.1 --cookie c --hidden"),
      'node.start("a@127.0.0.1", {longnames = true, cookie = "c", hidden = true})',
      "iex --name ... --cookie ... --hidden: long names, cookie, hidden")
t.has(hint.command("iex -S mix"), "run it there", "a command that names no node: run it there")
t.is(hint.command("x - 1"), nil, "a subtraction is not a command")
iex = 5
t.is(hint.command("iex -1"), nil, "nor is one on a global the learner defined")
iex = nil
local started = load("return " .. hint.command("repl --sname b"):match("(node%.start%b())"))
t.ok(started, "the node.start it suggests compiles")

-- Misspelt names: the closest existing one, in the line as typed.
local function typo(src) return hint.misspelt(src, (lua_error(src))) end
t.is(typo("slef()"), "did you mean self()?", "slef() -> self()")
t.is(typo("spwan(f)"), "did you mean spawn(f)?", "spwan(f) -> spawn(f)")
t.is(typo("nodes.list()"), "did you mean node.list()?", "nodes.list() -> node.list()")
t.is(typo("node.lst()"), "did you mean node.list()?", "node.lst() -> node.list()")
t.is(typo("prnt(1)"), "did you mean print(1)?", "prnt(1) -> print(1)")
t.is(typo("zzzzqqq()"), nil, "a name close to nothing gets no guess")
t.is(hint.misspelt("x", "stdin:1: boom"), nil, "an error that names no missing name gets none")
t.done()

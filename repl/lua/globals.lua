-- repl.globals: the helpers every node has on top of the VM's functions:
-- h, flush, inspect, q. Loaded once at start, for the shell and scripts.
local printer = require "repl.printer"

printer.defaults.color = _color and true or false

-- h(), h(fn), h"name": prints the help text (help returns it as a string).
-- The help module is loaded on first use: it is most of the start-up time.
function h(...)
  print(require("repl.help")(...))
end

-- flush(): prints every message in the mailbox and drops them, as iex's
-- flush/0 does. A predicate that accepts anything takes them in order.
function flush()
  while true do
    local got, msg = false, nil
    receive(function(m) got, msg = true, m; return true end, 0)
    if not got then return end
    print(printer.repr(msg))
  end
end

-- Whether t is a table of the printer's options ({width = 40}), not a value.
local function is_options(t)
  if type(t) ~= "table" or next(t) == nil then return false end
  for k in pairs(t) do
    if printer.defaults[k] == nil then return false end
  end
  return true
end

-- inspect(v [, opts]): prints v as the shell shows results and returns it
-- (IO.inspect). Several values that are no options, as a failed call's
-- inspect(rpc.call(...)) gives, print as the shell prints several results.
function inspect(...)
  local n, v, opts = select("#", ...), ...
  if n <= 1 or (n == 2 and is_options(opts)) then
    print(printer.repr(v, opts))
    return v
  end
  print(printer.repr_results(n, ...))
  return ...
end

-- q(): leaves the shell and stops the node, as Ctrl-D does.
function q()
  halt(0)
end

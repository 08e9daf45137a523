-- wrong: rpc.call with a timeout bounds the task, and the task ends when the call gives up
-- fails: past the deadline run_task returns {:error, :timeout} and stops the task

function run_task(nodes, task, ms)
  for _, n in ipairs(nodes) do
    local r, bad = rpc.call(n, task, {}, ms)
    if bad == nil then return tuple(atom.ok, r) end
    local why = bad[2]
    if why == atom.timeout then return tuple(atom.error, atom.timeout) end
    if why ~= atom.nodedown then
      if typeof(why) == "tuple" and why[1] == atom.EXIT then why = why[2] end
      return tuple(atom.error, tostring(why))
    end
  end
  return tuple(atom.error, atom.nodedown)
end

-- The reference solution of katas/15_group_leader_io.lua (make test grades
-- it: every check must pass).

function spawn_hello(n)
  return node.spawn(n, function() print("Running on " .. node.self()) end)
end

function print_on(n, text)
  return node.spawn(n, function(t)
    group_leader(whereis("user"), self())   -- n's own terminal
    print(t)
  end, text)
end

-- An io server that keeps the text of every put_chars; asked with
-- tuple("text?", pid), it answers tuple("text", all so far).
function io_collector()
  local text = {}
  while true do
    local m = receive()
    if typeof(m) == "tuple" and m[1] == atom.io_request and #m == 4 then
      local r = m[4]
      if typeof(r) == "tuple" and r[1] == atom.put_chars then text[#text + 1] = r[#r] end
      send(m[2], tuple(atom.io_reply, m[3], atom.ok))
    elseif typeof(m) == "tuple" and m[1] == "text?" then
      send(m[2], tuple("text", table.concat(text)))
    end
  end
end

function collected(server)
  send(server, tuple("text?", self()))
  return receive(tuple("text", ANY))[2]
end

function capture(f)
  local server, old = spawn(io_collector), group_leader()
  group_leader(server, self())
  local ok, err = pcall(f)
  group_leader(old, self())
  local text = collected(server)
  exit(server, "kill")
  if not ok then error(err, 0) end
  return text
end

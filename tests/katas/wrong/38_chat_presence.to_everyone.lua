-- wrong: a private message is a broadcast that only its recipient keeps, so every user gets it
-- fails: send_private("Alice", "Bob", text) reaches Bob only
-- (the rest is the reference's; send_private is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../38_chat_presence.lua")

function send_private(from, to, text)
  if presence(to) == atom.offline then return tuple(atom.error, atom.offline) end
  for _, name in ipairs(online_users()) do
    server.cast({global = tuple(atom.user, name)}, tuple(atom.private, from, text))
  end
  return atom.ok
end

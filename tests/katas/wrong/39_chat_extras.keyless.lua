-- wrong: encrypting means making the text unreadable at a glance; shifting each byte does that
-- fails: encrypt/decrypt: decrypt gives any bytes back; the data is not the text; another key gives other data
-- (the rest is the reference's; the cipher is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../39_chat_extras.lua")

function encrypt(_key, text)
  return (text:gsub(".", function(c) return string.char((c:byte() + 13) % 256) end))
end

function decrypt(_key, data)
  return (data:gsub(".", function(c) return string.char((c:byte() - 13) % 256) end))
end

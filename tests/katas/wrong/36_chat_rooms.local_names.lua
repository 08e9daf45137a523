-- wrong: a user is registered by its name on the node it runs on, like any named process
-- fails: user_start: Alice on node1 and Bob on node2, each under {:user, name}
-- (rooms are the reference's; the users' local names are the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../36_chat_rooms.lua")

local function user_name(name) return "user_" .. name end

function user_start(name) return server.start(ChatUser, name, {name = user_name(name)}) end
function user_send(name, text) return server.cast(user_name(name), tuple(atom.message, text)) end
function user_join(name, room) return server.call(user_name(name), tuple(atom.join_room, room)) end
function user_messages(name) return server.call(user_name(name), atom.messages) end

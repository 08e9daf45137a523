-- wrong: unsubscribing takes the process out of pg: it leaves every group it is in
-- fails: unsubscribe(topic): the calling process leaves, the others stay, and later messages skip it
-- (subscribe and publish are the reference's; unsubscribe is the mistake)
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../12_pubsub.lua")

function unsubscribe(topic)
  for _, group in ipairs(pg.which_groups()) do
    for _, pid in ipairs(pg.get_local_members(group)) do
      if pid == self() then pg.leave(group, self()) end
    end
  end
  return atom.ok
end

-- wrong: a task that raises crashes its process, and the DOWN's reason says why, so only a result needs sending back
-- fails: a task that raises is reported as {:error, why}, and not run again elsewhere
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../41_task_retry.lua")   -- the rest as the reference

-- no pcall: an error ends the process, and run_task reports the DOWN's reason
function task_wrapper(task, caller, tag)
  send(caller, tuple(tag, true, task()))
end

/*
** check.h: what the kata grader (repl/lua/check.lua) needs from the
** outside world: running this binary again as a child (one kata per
** child, so that no kata sees another's globals or peers), watching a file
** for saves (libuv's fs events), listing a folder, and the OS pid.
*/
#ifndef CHECK_H
#define CHECK_H

#include <lua.h>
#include "vm.h"

/* Sets the global table _check in L (the node's main state). */
void check_open(lua_State *L, vm *v);

#endif

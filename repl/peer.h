/*
** peer.h: child repl nodes (repl/peer.c, the C half of the peer module).
** The parent side starts them through libuv; the child side (--peer) says
** it is up on its stdout and halts when its stdin ends.
*/
#ifndef REPL_PEER_H
#define REPL_PEER_H

#include <lua.h>
#include "vm.h"

/* Registers _peer (the C functions repl/lua/peer.lua calls) and loads the
** global peer module into L. */
void peer_open(lua_State *L);

/* The child side, for --peer: prints "repl-peer up NODE" on stdout and
** halts the node when its stdin reaches EOF (the parent stopped it or
** died). 0, or -1 when stdin cannot be watched. */
int peer_child(vm *v);

/* At exit: closes every child's pipes (they then halt: their stdin ends)
** and the child side's stdin watch; run the loop once after it. */
void peer_close(void);

#endif

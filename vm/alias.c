/*
** alias.c: process aliases, as OTP 24's: alias() makes a reference that
** stands for the calling process until unalias(ref) or the process's end.
** A message sent to it reaches the process while it is active, and is
** dropped after. A call that takes its reply on one (gen_server's since
** OTP 24, and ours) never finds a reply that came after it gave up in
** the caller's mailbox.
** The table of active aliases maps each reference to its process; the
** process's ext table lists its own, so that its end drops them.
*/
#include "internal.h"

static void push_aliases(lua_State *L) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, vm_of(L)->aliases);
}

int alias_lookup(lua_State *L, int ref) {
  vm_proc *p;
  ref = lua_absindex(L, ref);
  push_aliases(L);
  lua_pushvalue(L, ref);
  lua_rawget(L, -2);
  lua_remove(L, -2);
  p = pid_test(L, -1);
  if (p && p->state != P_DEAD) return 1;
  lua_pop(L, 1);
  return 0;
}

/* Forgets ref in the table, and in its process's own list (ext at idx). */
static void forget(lua_State *L, int ref, int ext) {
  ref = lua_absindex(L, ref);
  ext = lua_absindex(L, ext);
  push_aliases(L);
  lua_pushvalue(L, ref);
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  if (lua_getfield(L, ext, "aliases") == LUA_TTABLE) {
    lua_pushvalue(L, ref);
    lua_pushnil(L);
    lua_rawset(L, -3);
  }
  lua_pop(L, 1);
}

void alias_drop(lua_State *L, int ext) {
  ext = lua_absindex(L, ext);
  if (lua_getfield(L, ext, "aliases") == LUA_TTABLE) {
    push_aliases(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {             /* each ref of the process */
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, -4);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static vm_proc *caller(lua_State *L, const char *fn) {
  vm_proc *p = vm_of(L)->current;
  if (p == NULL) luaL_error(L, "%s needs a process", fn);
  return p;
}

/* alias(): a new reference that stands for the caller. */
static int l_alias(lua_State *L) {
  vm_proc *p = caller(L, "alias");
  int ref, ext;
  ref_push_new(L);
  ref = lua_gettop(L);
  push_aliases(L);
  lua_pushvalue(L, ref);
  vm_push_pid(L, p);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  proc_push_ext(L, p, 1);
  ext = lua_gettop(L);
  if (lua_getfield(L, ext, "aliases") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, ext, "aliases");
  }
  lua_pushvalue(L, ref);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_settop(L, ref);
  return 1;
}

/* unalias(ref): true when ref was an active alias of the caller's. */
static int l_unalias(lua_State *L) {
  vm_proc *p = caller(L, "unalias");
  int mine;
  luaL_argexpected(L, is_udata(L, 1, MT_REF), 1, "reference");
  mine = alias_lookup(L, 1) && pid_test(L, -1) == p;
  if (mine) {
    proc_push_ext(L, p, 1);
    forget(L, 1, -1);
  }
  lua_pushboolean(L, mine);
  return 1;
}

void alias_open(lua_State *L) {
  lua_newtable(L);
  vm_of(L)->aliases = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushcfunction(L, l_alias);
  lua_setglobal(L, "alias");
  lua_pushcfunction(L, l_unalias);
  lua_setglobal(L, "unalias");
}

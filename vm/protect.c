/*
** protect.c: pcall and xpcall for processes. Lua's own would catch the
** error that ends a killed process and let it run on; on the BEAM a kill
** cannot be caught. These behave as Lua's, except that when the process
** has been killed (an exit signal it does not trap), they raise again.
*/
#include "internal.h"

static int finish(lua_State *L, int status, lua_KContext base) {
  vm_proc *p = vm_of(L)->current;
  if (p && (p->flags & F_EXITING)) proc_raise_exit(L, p);
  if (status != LUA_OK && status != LUA_YIELD) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - (int)base;
}

static int l_pcall(lua_State *L) {
  int status;
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish);
  return finish(L, status, 0);
}

static int l_xpcall(lua_State *L) {
  int status, n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);             /* f, handler, true, f, args... */
  status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish);
  return finish(L, status, 2);
}

void protect_open(lua_State *L) {
  lua_register(L, "pcall", l_pcall);
  lua_register(L, "xpcall", l_xpcall);
}

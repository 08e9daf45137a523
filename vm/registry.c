/*
** registry.c: local process names with Erlang's rules: a name names one
** process, a process has at most one name, a dead process has none, and a
** name is freed when its process exits. Names are strings; an atom is taken
** as its name, so register(atom.counter, p) and register("counter", p) agree.
*/
#include <string.h>
#include "internal.h"

static const char *check_name(lua_State *L, int idx) {
  const char *s = atom_name(L, idx, NULL);
  if (s == NULL && lua_type(L, idx) != LUA_TSTRING)
    luaL_typeerror(L, idx, "name (a string or an atom)");
  if (s == NULL) s = lua_tostring(L, idx);
  if (strcmp(s, "undefined") == 0 || s[0] == 0)
    luaL_argerror(L, idx, "'undefined' and \"\" cannot be registered");
  return s;
}

static void push_names(lua_State *L) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, vm_of(L)->names);
}

int registry_lookup(lua_State *L, int name) {
  const char *s = atom_name(L, name, NULL);
  if (s == NULL) s = lua_tostring(L, name);
  push_names(L);
  lua_getfield(L, -1, s ? s : "");
  lua_remove(L, -2);
  return !lua_isnil(L, -1);
}

/* Frees the name held in the process's ext table at index ext, if any. */
void registry_drop(lua_State *L, int ext) {
  if (lua_getfield(L, ext, "name") == LUA_TSTRING) {
    push_names(L);
    lua_pushvalue(L, -2);
    lua_pushnil(L);
    lua_rawset(L, -3);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static int l_register(lua_State *L) {
  const char *name = check_name(L, 1);
  vm_proc *p = pid_check(L, 2);
  luaL_argcheck(L, pid_local(p), 2, "only a process of this node can be "
                "registered here (use global.register_name across nodes)");
  if (p->state == P_DEAD)
    return luaL_error(L, "cannot register '%s': %s is not alive", name,
                      luaL_tolstring(L, 2, NULL));
  if (registry_lookup(L, 1)) {
    return luaL_error(L, "cannot register '%s': the name is taken by %s",
                      name, luaL_tolstring(L, -1, NULL));
  }
  proc_push_ext(L, p, 1);
  if (lua_getfield(L, -1, "name") == LUA_TSTRING)
    return luaL_error(L, "cannot register %s as '%s': it is already "
                      "registered as '%s'", luaL_tolstring(L, 2, NULL), name,
                      lua_tostring(L, -1));
  lua_pushstring(L, name);
  lua_setfield(L, -3, "name");
  push_names(L);
  lua_pushvalue(L, 2);
  lua_setfield(L, -2, name);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_unregister(lua_State *L) {
  const char *name = check_name(L, 1);
  vm_proc *p;
  if (!registry_lookup(L, 1))
    return luaL_error(L, "cannot unregister '%s': no process has that name", name);
  p = pid_test(L, -1);
  proc_push_ext(L, p, 1);
  registry_drop(L, lua_gettop(L));
  lua_pushnil(L);
  lua_setfield(L, -2, "name");
  lua_pushboolean(L, 1);
  return 1;
}

static int l_whereis(lua_State *L) {
  luaL_checkany(L, 1);
  registry_lookup(L, 1);
  return 1;
}

static int l_registered(lua_State *L) {
  int n = 0;
  push_names(L);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, ++n);
  }
  lua_getglobal(L, "table");        /* sorted, so output is stable */
  lua_getfield(L, -1, "sort");
  lua_pushvalue(L, -3);
  lua_call(L, 1, 0);
  lua_pop(L, 1);
  return 1;
}

void registry_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"register", l_register}, {"unregister", l_unregister},
    {"whereis", l_whereis}, {"registered", l_registered}, {NULL, NULL}
  };
  lua_newtable(L);
  vm_of(L)->names = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushglobaltable(L);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

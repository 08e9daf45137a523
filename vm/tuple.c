/*
** tuple.c: Erlang tuples. A tuple is a userdata whose user values are its
** elements, so it is immutable, one allocation, and t[i] / #t work. A tuple
** that holds no table ("frozen") is shared rather than copied when sent.
*/
#include "internal.h"

typedef struct { int n; int frozen; } tuple_hdr;

int tuple_size(lua_State *L, int idx) {
  if (!is_udata(L, idx, MT_TUPLE)) return -1;
  return ((tuple_hdr *)lua_touserdata(L, idx))->n;
}

int tuple_frozen(lua_State *L, int idx) {
  return ((tuple_hdr *)lua_touserdata(L, idx))->frozen;
}

int tuple_get(lua_State *L, int idx, int i) {
  return lua_getiuservalue(L, idx, i);
}

static int elem_frozen(lua_State *L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TTABLE: case LUA_TTHREAD: return 0;
    case LUA_TUSERDATA:     /* only the VM's immutable values */
      if (tuple_size(L, idx) >= 0) return tuple_frozen(L, idx);
      return is_udata(L, idx, MT_ATOM) || is_udata(L, idx, MT_PID) ||
             is_udata(L, idx, MT_REF) || is_udata(L, idx, MT_ANY);
    default: return 1;
  }
}

void tuple_new(lua_State *L, int n) {
  int i, base = lua_gettop(L) - n, frozen = 1;
  tuple_hdr *t;
  for (i = 1; i <= n; i++) frozen = frozen && elem_frozen(L, base + i);
  t = lua_newuserdatauv(L, sizeof *t, n);
  t->n = n;
  t->frozen = frozen;
  mt_set(L, MT_TUPLE);
  for (i = 1; i <= n; i++) {
    lua_pushvalue(L, base + i);
    lua_setiuservalue(L, -2, i);
  }
  if (n > 0) {              /* the tuple takes the place of its elements */
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
  }
}

static int l_tuple(lua_State *L) {
  int n = lua_gettop(L);
  luaL_argcheck(L, n < 65536, 1, "too many elements for a tuple");
  tuple_new(L, n);
  return 1;
}

static int t_index(lua_State *L) {
  int n = tuple_size(L, 1);
  lua_Integer i;
  if (lua_type(L, 2) == LUA_TSTRING) {     /* t.n, like table.pack */
    const char *k = lua_tostring(L, 2);
    if (k[0] == 'n' && k[1] == 0) { lua_pushinteger(L, n); return 1; }
    return luaL_error(L, "tuples have no field '%s'; index them as t[1]..t[%d]", k, n);
  }
  i = luaL_checkinteger(L, 2);
  if (i < 1 || i > n) lua_pushnil(L);
  else tuple_get(L, 1, (int)i);
  return 1;
}

static int t_newindex(lua_State *L) {
  return luaL_error(L, "tuples are immutable; build a new one with tuple(...)");
}

static int t_len(lua_State *L) {
  lua_pushinteger(L, tuple_size(L, 1));
  return 1;
}

/* Tuples compare by value, like Erlang terms (table keys stay by identity). */
static int t_eq(lua_State *L) {
  int i, n = tuple_size(L, 1);
  if (tuple_size(L, 2) != n) { lua_pushboolean(L, 0); return 1; }
  for (i = 1; i <= n; i++) {
    int eq;
    tuple_get(L, 1, i);
    tuple_get(L, 2, i);
    eq = lua_compare(L, -1, -2, LUA_OPEQ);
    lua_pop(L, 2);
    if (!eq) { lua_pushboolean(L, 0); return 1; }
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int t_tostring(lua_State *L) {
  int i, n = tuple_size(L, 1);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addchar(&b, '{');
  for (i = 1; i <= n; i++) {
    if (i > 1) luaL_addstring(&b, ", ");
    tuple_get(L, 1, i);
    if (lua_type(L, -1) == LUA_TSTRING) {   /* quoted, as the printer does */
      lua_getglobal(L, "string");
      lua_getfield(L, -1, "format");
      lua_pushliteral(L, "%q");
      lua_pushvalue(L, -4);
      lua_call(L, 2, 1);
      lua_replace(L, -3);
      lua_pop(L, 1);
    } else {
      luaL_tolstring(L, -1, NULL);
      lua_remove(L, -2);
    }
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '}');
  luaL_pushresult(&b);
  return 1;
}

/* ipairs-style iteration: for i, v in ipairs(t) does not see user values. */
static int t_unpack(lua_State *L) {
  int i, n = tuple_size(L, 1);
  luaL_argexpected(L, n >= 0, 1, "tuple");
  luaL_checkstack(L, n, "tuple too large to unpack");
  for (i = 1; i <= n; i++) tuple_get(L, 1, i);
  return n;
}

void tuple_open(lua_State *L) {
  static const luaL_Reg mt[] = {
    {"__index", t_index}, {"__newindex", t_newindex}, {"__len", t_len},
    {"__eq", t_eq}, {"__tostring", t_tostring}, {NULL, NULL}
  };
  mt_new(L, MT_TUPLE, "vm.tuple");
  luaL_setfuncs(L, mt, 0);
  lua_pop(L, 1);
  lua_pushcfunction(L, l_tuple);
  lua_setglobal(L, "tuple");
  lua_pushcfunction(L, t_unpack);
  lua_setglobal(L, "untuple");
}

/*
** copy.c: message copying. A message is copied when it is sent, so that
** changing a table after send(p, t) changes nothing that p received, as on
** the BEAM. Immutable values (numbers, strings, atoms, pids, refs, frozen
** tuples) are shared. Functions are shared too: within one node a closure
** is passed as is (see README, "functions in messages").
*/
#include "internal.h"

#define MAX_DEPTH 1000   /* nesting a message may have (a Lua linked list) */

typedef struct {
  const void *path[MAX_DEPTH];   /* the tables being copied, outermost first */
  int depth;
} copy_state;

static void copy_any(lua_State *L, copy_state *cs, int idx);

static void enter(lua_State *L, copy_state *cs, int idx) {
  const void *t = lua_topointer(L, idx);
  int i;
  for (i = 0; i < cs->depth; i++)
    if (cs->path[i] == t)
      luaL_error(L, "cannot send a table that contains itself");
  if (cs->depth == MAX_DEPTH)
    luaL_error(L, "cannot send a value nested more than %d deep", MAX_DEPTH);
  cs->path[cs->depth++] = t;
}

static void copy_table(lua_State *L, copy_state *cs, int idx) {
  int t;
  enter(L, cs, idx);
  luaL_checkstack(L, 6, "message too deep");
  lua_createtable(L, (int)lua_rawlen(L, idx), 0);
  t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    int v = lua_gettop(L);
    copy_any(L, cs, v - 1);
    copy_any(L, cs, v);
    lua_rawset(L, t);
    lua_pop(L, 1);
  }
  cs->depth--;
}

static void copy_tuple(lua_State *L, copy_state *cs, int idx) {
  int i, n = tuple_size(L, idx);
  if (tuple_frozen(L, idx)) { lua_pushvalue(L, idx); return; }
  enter(L, cs, idx);
  luaL_checkstack(L, n + 4, "tuple too large to send");
  for (i = 1; i <= n; i++) {
    tuple_get(L, idx, i);
    copy_any(L, cs, lua_gettop(L));
    lua_remove(L, -2);
  }
  tuple_new(L, n);
  cs->depth--;
}

static void copy_any(lua_State *L, copy_state *cs, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TTABLE: copy_table(L, cs, idx); return;
    case LUA_TTHREAD:
      luaL_error(L, "cannot send a coroutine: it belongs to its process");
      return;
    case LUA_TUSERDATA:
      if (tuple_size(L, idx) >= 0) { copy_tuple(L, cs, idx); return; }
      if (is_udata(L, idx, MT_ATOM) || is_udata(L, idx, MT_PID) ||
          is_udata(L, idx, MT_REF) || any_is(L, idx)) break;
      luaL_error(L, "cannot send a %s: only data (numbers, strings, "
                 "tables, atoms, tuples, pids, refs, functions) can be sent",
                 luaL_typename(L, idx));
      return;
    case LUA_TLIGHTUSERDATA:
      luaL_error(L, "cannot send a light userdata");
      return;
    default: break;
  }
  lua_pushvalue(L, idx);
}

void copy_value(lua_State *L, int idx) {
  copy_state cs;
  int t = lua_type(L, idx);
  if (t != LUA_TTABLE && t != LUA_TUSERDATA && t != LUA_TTHREAD) {
    lua_pushvalue(L, idx);   /* the common case: nothing to copy */
    return;
  }
  cs.depth = 0;
  copy_any(L, &cs, lua_absindex(L, idx));
}

/*
** partition.c: the split brain, on purpose. node.cut(nodes) cuts this node
** off from the given nodes in both directions: their connections close,
** our attempts to reach them fail at once, and their handshakes with us are
** refused ("not_allowed") until node.heal(nodes) lifts the cut and
** reconnects. One node cutting itself off from the rest of a cluster makes a
** netsplit on one machine, so a learner can watch global and pg meet again.
*/
#include <string.h>
#include <lauxlib.h>
#include "dist.h"

int dist_is_cut(dnode *d, const char *peer) {
  lua_State *L = d->L;
  int cut;
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->cuts);
  cut = lua_getfield(L, -1, peer) != LUA_TNIL;
  lua_pop(L, 2);
  return cut;
}

/* Calls fn(d, name) for the node name at idx, or each name of a list. */
static void each_name(lua_State *L, int idx, dnode *d,
                      void (*fn)(dnode *, lua_State *, const char *)) {
  lua_Integer i, n;
  if (!lua_istable(L, idx)) {
    fn(d, L, luaL_checkstring(L, idx));
    return;
  }
  n = (lua_Integer)lua_rawlen(L, idx);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "node.cut/heal: element %d is not a node name", (int)i);
    fn(d, L, lua_tostring(L, -1));
    lua_pop(L, 1);
  }
}

static void cut_one(dnode *d, lua_State *L, const char *peer) {
  if (strcmp(peer, d->name) == 0) luaL_error(L, "node.cut: a node cannot cut itself off");
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->cuts);
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, peer);
  lua_pop(L, 1);
  conn_close_all(d, peer, "cut off by node.cut");
}

static void heal_one(dnode *d, lua_State *L, const char *peer) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->cuts);
  lua_pushnil(L);
  lua_setfield(L, -2, peer);
  lua_pop(L, 1);
  if (d->alive && dist_check_peer(d, peer) == NULL) conn_connect(d, peer);
}

/* node.cut(name or {names}) */
static int l_cut(lua_State *L) {
  each_name(L, 1, dist_of(L), cut_one);
  lua_pushboolean(L, 1);
  return 1;
}

/* node.heal([name or {names}]): with no argument, every cut. */
static int l_heal(lua_State *L) {
  dnode *d = dist_of(L);
  if (lua_isnoneornil(L, 1)) {
    lua_settop(L, 0);
    lua_newtable(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, d->cuts);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      lua_rawseti(L, 1, (lua_Integer)lua_rawlen(L, 1) + 1);
    }
    lua_pop(L, 1);
  }
  each_name(L, 1, d, heal_one);
  lua_pushboolean(L, 1);
  return 1;
}

/* node.cuts(): the names this node is cut off from, sorted. */
static int l_cuts(lua_State *L) {
  dnode *d = dist_of(L);
  lua_newtable(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->cuts);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -4, (lua_Integer)lua_rawlen(L, -4) + 1);
  }
  lua_pop(L, 1);
  lua_getglobal(L, "table");
  lua_getfield(L, -1, "sort");
  lua_pushvalue(L, -3);
  lua_call(L, 1, 0);
  lua_pop(L, 1);
  return 1;
}

void partition_open(lua_State *L, dnode *d) {
  static const luaL_Reg fns[] = {
    {"cut", l_cut}, {"heal", l_heal}, {"cuts", l_cuts}, {NULL, NULL}
  };
  lua_newtable(L);
  d->cuts = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_getglobal(L, "node");
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

/*
** atom.c: atoms, interned so that m[1] == atom.DOWN is a plain comparison.
** atom"true", atom"false" and atom"nil" give Lua's true, false and nil, as
** the wire mapping does (DESIGN.md, values on the wire).
*/
#include <ctype.h>
#include <string.h>
#include "internal.h"

static int atoms_ref = LUA_NOREF;   /* name -> atom userdata, never shrinks */

int is_udata(lua_State *L, int idx, int mt) {
  const void *p;
  if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return 0;
  p = lua_topointer(L, -1);
  lua_pop(L, 1);
  return p == vm_of(L)->mt_ptr[mt];
}

void mt_new(lua_State *L, int mt, const char *name) {
  vm *v = vm_of(L);
  luaL_newmetatable(L, name);
  lua_pushstring(L, name + 3);          /* "vm.pid" is shown as "pid" */
  lua_setfield(L, -2, "__name");
  v->mt_ptr[mt] = lua_topointer(L, -1);
  lua_pushvalue(L, -1);
  v->mt_ref[mt] = luaL_ref(L, LUA_REGISTRYINDEX);
}

void mt_push(lua_State *L, int mt) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, vm_of(L)->mt_ref[mt]);
}

void mt_set(lua_State *L, int mt) {
  mt_push(L, mt);
  lua_setmetatable(L, -2);
}

void atom_push(lua_State *L, const char *name, size_t len) {
  if (len == 4 && memcmp(name, "true", 4) == 0) { lua_pushboolean(L, 1); return; }
  if (len == 5 && memcmp(name, "false", 5) == 0) { lua_pushboolean(L, 0); return; }
  if (len == 3 && memcmp(name, "nil", 3) == 0) { lua_pushnil(L); return; }
  lua_rawgeti(L, LUA_REGISTRYINDEX, atoms_ref);
  lua_pushlstring(L, name, len);
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newuserdatauv(L, 0, 1);
    lua_pushlstring(L, name, len);
    lua_setiuservalue(L, -2, 1);
    mt_set(L, MT_ATOM);
    lua_pushlstring(L, name, len);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

const char *atom_name(lua_State *L, int idx, size_t *len) {
  const char *s;
  if (!is_udata(L, idx, MT_ATOM)) return NULL;
  lua_getiuservalue(L, idx, 1);
  s = lua_tolstring(L, -1, len);   /* kept alive by the atom itself */
  lua_pop(L, 1);
  return s;
}

/* Elixir writes :ok and :EXIT bare, :"hello world" quoted. */
static int needs_quotes(const char *s, size_t n) {
  size_t i;
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 1;
  for (i = 1; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) || c == '_' || c == '@') continue;
    if ((c == '?' || c == '!') && i == n - 1) continue;
    return 1;
  }
  return 0;
}

static int atom_tostring(lua_State *L) {
  size_t n;
  const char *s = atom_name(L, 1, &n);
  if (needs_quotes(s, n)) lua_pushfstring(L, ":\"%s\"", s);
  else lua_pushfstring(L, ":%s", s);
  return 1;
}

static int atom_make(lua_State *L) {   /* atom"x", atom(x) and atom.x */
  size_t n;
  const char *s;
  if (atom_name(L, 2, NULL)) { lua_settop(L, 2); return 1; }
  s = luaL_checklstring(L, 2, &n);
  if (n > 255) return luaL_error(L, "atom names are at most 255 bytes (got %d)", (int)n);
  atom_push(L, s, n);
  return 1;
}

static int atom_name_of(lua_State *L) {   /* the string inside an atom */
  size_t n;
  const char *s = atom_name(L, 1, &n);
  luaL_argexpected(L, s != NULL, 1, "atom");
  lua_pushlstring(L, s, n);
  return 1;
}

void atom_open(lua_State *L) {
  lua_newtable(L);
  atoms_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  mt_new(L, MT_ATOM, "vm.atom");
  lua_pushcfunction(L, atom_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  /* the global 'atom': callable and indexable, empty itself */
  lua_newtable(L);
  lua_newtable(L);
  lua_pushcfunction(L, atom_make);
  lua_setfield(L, -2, "__call");
  lua_pushcfunction(L, atom_make);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  lua_setglobal(L, "atom");
  lua_pushcfunction(L, atom_name_of);
  lua_setglobal(L, "atom_name");
}

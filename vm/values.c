/*
** values.c: the VM's value types as vm.h offers them to dist/, which turns
** them into the external term format and back.
*/
#include "internal.h"

void vm_push_atom(lua_State *L, const char *name, size_t len) {
  atom_push(L, name, len);
}

const char *vm_atom_name(lua_State *L, int idx, size_t *len) {
  return atom_name(L, idx, len);
}

void vm_push_tuple(lua_State *L, int n) {
  tuple_new(L, n);
}

int vm_tuple_size(lua_State *L, int idx) {
  return tuple_size(L, idx);
}

void vm_tuple_get(lua_State *L, int idx, int i) {
  tuple_get(L, idx, i);
}

const char *vm_typeof(lua_State *L, int idx) {
  static const int mts[] = {MT_ATOM, MT_TUPLE, MT_PID, MT_REF, MT_ANY, MT_EXIT};
  static const char *const names[] = {"atom", "tuple", "pid", "ref", "any",
                                      "exit"};
  size_t i;
  if (lua_type(L, idx) != LUA_TUSERDATA) return NULL;
  for (i = 0; i < sizeof mts / sizeof mts[0]; i++)
    if (is_udata(L, idx, mts[i])) return names[i];
  return NULL;
}

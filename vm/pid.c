/*
** pid.c: pids, references and the ANY wildcard as Lua values, and typeof().
** A local pid is its process (see struct vm_proc); a remote pid is a bare
** vm_pidnum with the same metatable, made by dist/.
*/
#include <string.h>
#include "internal.h"

typedef vm_refnum vm_ref;

vm_proc *pid_test(lua_State *L, int idx) {
  return is_udata(L, idx, MT_PID) ? (vm_proc *)lua_touserdata(L, idx) : NULL;
}

vm_proc *pid_check(lua_State *L, int idx) {
  vm_proc *p = pid_test(L, idx);
  if (p == NULL) luaL_typeerror(L, idx, "pid");
  return p;
}

void vm_push_pid(lua_State *L, vm_proc *p) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref);   /* nil once released */
}

/* Pushes the one userdata of type mt whose payload is the n bytes at key,
** made if need be, from the weak table at registry ref 'table': interned,
** so that equal pids or refs from the wire are one Lua value, fit to be a
** table key like the ones made here. */
static void push_interned(lua_State *L, int table, int mt, const void *key,
                          size_t n) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, table);
  lua_pushlstring(L, (const char *)key, n);
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    memcpy(lua_newuserdatauv(L, n, 0), key, n);
    mt_set(L, mt);
    lua_pushlstring(L, (const char *)key, n);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

/* A pid of another node, as dist/ decodes it. */
void vm_push_remote_pid(lua_State *L, uint32_t node, uint32_t id,
                        uint32_t serial, uint32_t creation) {
  vm_pidnum num;
  memset(&num, 0, sizeof num);
  num.node = node; num.id = id; num.serial = serial; num.creation = creation;
  push_interned(L, vm_of(L)->remote_pids, MT_PID, &num, sizeof num);
}

static int pid_tostring(lua_State *L) {
  vm_proc *p = lua_touserdata(L, 1);
  lua_pushfstring(L, "<%d.%d.%d>", (int)p->num.node, (int)p->num.id,
                  (int)p->num.serial);
  return 1;
}

static int pid_eq(lua_State *L) {   /* remote pids may be decoded twice */
  vm_proc *a = pid_test(L, 1), *b = pid_test(L, 2);
  lua_pushboolean(L, a && b && memcmp(&a->num, &b->num, sizeof a->num) == 0);
  return 1;
}

void ref_push_new(lua_State *L) {
  vm *v = vm_of(L);
  vm_ref r;
  uint64_t n = ++v->next_ref;
  memset(&r, 0, sizeof r);
  r.creation = v->creation;
  r.len = 3;
  r.n[0] = (uint32_t)(n & 0x3ffff);       /* the first word has 18 bits */
  r.n[1] = (uint32_t)(n >> 18);
  r.n[2] = (uint32_t)(n >> 50);
  vm_push_ref(L, &r);
}

/* A reference with the given numbers: one coming back from another node is
** the same value as the one sent, and finds its monitor by it. */
void vm_push_ref(lua_State *L, const vm_refnum *num) {
  vm_ref key;
  memset(&key, 0, sizeof key);
  key.node = num->node; key.creation = num->creation; key.len = num->len;
  memcpy(key.n, num->n, sizeof key.n);
  push_interned(L, vm_of(L)->refs, MT_REF, &key, sizeof key);
}

int vm_ref_numbers(lua_State *L, int idx, vm_refnum *out) {
  if (!is_udata(L, idx, MT_REF)) return 0;
  *out = *(vm_ref *)lua_touserdata(L, idx);
  return 1;
}

static int ref_tostring(lua_State *L) {
  vm_ref *r = lua_touserdata(L, 1);
  luaL_Buffer b;
  int i;
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "#Ref<%d", (int)r->node);
  luaL_addvalue(&b);
  for (i = (int)r->len - 1; i >= 0; i--) {   /* Erlang prints the words backwards */
    lua_pushfstring(L, ".%I", (lua_Integer)r->n[i]);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '>');
  luaL_pushresult(&b);
  return 1;
}

static int ref_eq(lua_State *L) {
  int same = is_udata(L, 1, MT_REF) && is_udata(L, 2, MT_REF) &&
             memcmp(lua_touserdata(L, 1), lua_touserdata(L, 2), sizeof(vm_ref)) == 0;
  lua_pushboolean(L, same);
  return 1;
}

int any_is(lua_State *L, int idx) {
  return is_udata(L, idx, MT_ANY);
}

static int any_tostring(lua_State *L) {
  lua_pushliteral(L, "ANY");
  return 1;
}

static int l_make_ref(lua_State *L) {
  ref_push_new(L);
  return 1;
}

static int l_typeof(lua_State *L) {
  const char *t;
  luaL_checkany(L, 1);
  t = vm_typeof(L, 1);
  lua_pushstring(L, t ? t : luaL_typename(L, 1));
  return 1;
}

static void new_mt(lua_State *L, int mt, const char *name,
                   lua_CFunction tostring, lua_CFunction eq) {
  mt_new(L, mt, name);
  lua_pushcfunction(L, tostring);
  lua_setfield(L, -2, "__tostring");
  if (eq) { lua_pushcfunction(L, eq); lua_setfield(L, -2, "__eq"); }
  lua_pop(L, 1);
}

static int weak_table(lua_State *L) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

void pid_open(lua_State *L) {
  vm_of(L)->remote_pids = weak_table(L);
  vm_of(L)->refs = weak_table(L);
  new_mt(L, MT_PID, "vm.pid", pid_tostring, pid_eq);
  new_mt(L, MT_REF, "vm.ref", ref_tostring, ref_eq);
  new_mt(L, MT_ANY, "vm.ANY", any_tostring, NULL);
  lua_newuserdatauv(L, 0, 0);
  mt_set(L, MT_ANY);
  lua_setglobal(L, "ANY");
  lua_pushcfunction(L, l_make_ref);
  lua_setglobal(L, "make_ref");
  lua_pushcfunction(L, l_typeof);
  lua_setglobal(L, "typeof");
}

/* The numbers of any pid, local or remote; 0 when idx holds no pid. */
int vm_pid_numbers(lua_State *L, int idx, uint32_t *node, uint32_t *id,
                   uint32_t *serial, uint32_t *creation) {
  vm_proc *p = pid_test(L, idx);
  if (p == NULL) return 0;
  *node = p->num.node; *id = p->num.id;
  *serial = p->num.serial; *creation = p->num.creation;
  return 1;
}

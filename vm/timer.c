/*
** timer.c: send_after(ms, dest, msg) and cancel_timer(ref), on libuv
** timers. The message is copied when the timer is set, as Erlang does; the
** destination (pid or name) is resolved when it fires, and a name that is
** gone by then drops the message silently, as erlang:send_after/3 does.
*/
#include <stdlib.h>
#include "internal.h"

typedef struct vm_timer {
  uv_timer_t t;
  vm *v;
  int state;          /* registry ref to {dest, msg, ref} */
} vm_timer;

static void free_timer(uv_handle_t *h) {
  free(h);
}

static void drop(lua_State *L, vm_timer *t) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, t->state);
  lua_rawgeti(L, LUA_REGISTRYINDEX, t->v->timers);
  lua_rawgeti(L, -2, 3);
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 2);
  luaL_unref(L, LUA_REGISTRYINDEX, t->state);
  uv_close((uv_handle_t *)&t->t, free_timer);
}

static int fire_p(lua_State *L) {   /* protected: send may raise */
  send_to(L, 1, 2, 0);
  return 0;
}

static void on_fire(uv_timer_t *h) {
  vm_timer *t = (vm_timer *)h;
  lua_State *L = t->v->L;
  lua_pushcfunction(L, fire_p);
  lua_rawgeti(L, LUA_REGISTRYINDEX, t->state);
  lua_rawgeti(L, -1, 1);
  lua_rawgeti(L, -2, 2);
  lua_remove(L, -3);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) lua_pop(L, 1);
  drop(L, t);
}

static int l_send_after(lua_State *L) {
  vm *v = vm_of(L);
  lua_Integer ms = luaL_checkinteger(L, 1);
  vm_timer *t;
  luaL_argcheck(L, ms >= 0, 1, "a delay is a number of milliseconds >= 0");
  luaL_checkany(L, 2);
  lua_settop(L, 3);
  lua_createtable(L, 3, 0);
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, 1);
  copy_value(L, 3);
  lua_rawseti(L, -2, 2);
  ref_push_new(L);
  lua_rawseti(L, -2, 3);
  t = malloc(sizeof *t);
  if (t == NULL) return luaL_error(L, "out of memory for a timer");
  t->v = v;
  lua_rawgeti(L, -1, 3);                      /* the ref we return */
  lua_insert(L, -2);
  t->state = luaL_ref(L, LUA_REGISTRYINDEX);  /* pops the state table */
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->timers);
  lua_pushvalue(L, -2);
  lua_pushlightuserdata(L, t);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  uv_timer_init(v->loop, &t->t);
  uv_timer_start(&t->t, on_fire, (uint64_t)ms, 0);
  return 1;
}

/* cancel_timer(ref): the milliseconds that were left, or false. */
static int l_cancel_timer(lua_State *L) {
  vm *v = vm_of(L);
  vm_timer *t;
  uint64_t due;
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->timers);
  lua_pushvalue(L, 1);
  lua_rawget(L, -2);
  t = lua_touserdata(L, -1);
  if (t == NULL) { lua_pushboolean(L, 0); return 1; }
  due = uv_timer_get_due_in(&t->t);
  uv_timer_stop(&t->t);
  drop(L, t);
  lua_pushinteger(L, (lua_Integer)due);
  return 1;
}

/* At shutdown: timers still pending are dropped. */
void timer_close_all(lua_State *L) {
  vm *v = vm_of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->timers);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    vm_timer *t = lua_touserdata(L, -1);
    lua_pop(L, 1);
    uv_close((uv_handle_t *)&t->t, free_timer);
  }
  lua_pop(L, 1);
}

void timer_open(lua_State *L) {
  lua_newtable(L);
  vm_of(L)->timers = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_register(L, "send_after", l_send_after);
  lua_register(L, "cancel_timer", l_cancel_timer);
}

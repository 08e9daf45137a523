/*
** vmfix.h: what the unit tests that need a whole vm share: a fixture that
** makes one on its own libuv loop and takes it down, checking that nothing
** was left open, and a way to run Lua code as a process to completion.
*/
#ifndef VMFIX_H
#define VMFIX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>
#include <lua.h>
#include <lauxlib.h>
#include "vm.h"

typedef struct vmfix {
  uv_loop_t loop;
  vm *v;
  lua_State *L;
} vmfix;

static inline vmfix *vmfix_new(void) {
  vmfix *f = calloc(1, sizeof *f);
  assert_non_null(f);
  uv_loop_init(&f->loop);
  f->v = vm_new(&f->loop);
  assert_non_null(f->v);
  f->L = vm_lua(f->v);
  return f;
}

static inline void vmfix_free(vmfix *f) {
  vm_close(f->v);
  uv_run(&f->loop, UV_RUN_NOWAIT);
  vm_free(f->v);
  assert_int_equal(uv_loop_close(&f->loop), 0);
  free(f);
}

/* cmocka setup and teardown for tests whose state is a vmfix. */
static inline int vmfix_setup(void **state) {
  *state = vmfix_new();
  return 0;
}

static inline int vmfix_teardown(void **state) {
  vmfix_free(*state);
  return 0;
}

/* Spawns code as a process, runs the loop until nothing is left to run,
** and returns the global 'result' as a string ("(nil)" if unset). */
static inline const char *vmfix_run(vmfix *f, const char *code) {
  const char *s;
  assert_int_equal(luaL_loadstring(f->L, code), LUA_OK);
  vm_spawn(f->v, f->L, 0);
  lua_pop(f->L, 1);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  lua_getglobal(f->L, "result");
  s = lua_tostring(f->L, -1);
  lua_pop(f->L, 1);
  return s ? s : "(nil)";
}

#endif

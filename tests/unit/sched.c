/*
** Unit tests of vm/sched.c and the exit path of vm/proc.c: runnable
** processes run in FIFO order, a busy loop is preempted so others and
** timers progress, the loop ends when nothing can run, and a long chain
** of links dies without deep C recursion.
*/
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "internal.h"

typedef struct { uv_loop_t loop; vm *v; lua_State *L; } fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  uv_loop_init(&f->loop);
  f->v = vm_new(&f->loop);
  f->L = vm_lua(f->v);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  vm_close(f->v);
  uv_run(&f->loop, UV_RUN_NOWAIT);
  vm_free(f->v);
  uv_loop_close(&f->loop);
  free(f);
  return 0;
}

/* Spawns code as a process and runs the loop until nothing is left. */
static void run(fixture *f, const char *code) {
  assert_int_equal(luaL_loadstring(f->L, code), LUA_OK);
  vm_spawn(f->v, f->L, 0);
  lua_pop(f->L, 1);
  uv_run(&f->loop, UV_RUN_DEFAULT);
}

static const char *global_str(fixture *f, const char *name) {
  const char *s;
  lua_getglobal(f->L, name);
  s = lua_tostring(f->L, -1);
  lua_pop(f->L, 1);
  return s ? s : "(nil)";
}

static void fifo(void **state) {
  fixture *f = *state;
  run(f, "order = ''\n"
         "for i = 1, 5 do spawn(function() order = order .. i end) end");
  assert_string_equal(global_str(f, "order"), "12345");
}

static void busy_loop_is_preempted(void **state) {
  fixture *f = *state;
  run(f, "local me = self()\n"
         "local busy = spawn(function() while true do end end)\n"
         "spawn(function() send(me, 'still here') end)\n"
         "local got = receive(2000)\n"
         "sleep(5)  -- a timer fires while busy spins\n"
         "result = tostring(got) .. ' ' .. tostring(is_alive(busy))\n"
         "exit(busy, 'kill')\n"
         "result = result .. ' ' .. tostring(is_alive(busy))");
  assert_string_equal(global_str(f, "result"), "still here true false");
  assert_int_equal(vm_live_count(f->v), 0);
}

static void long_link_chain_dies(void **state) {
  fixture *f = *state;
  run(f, "local first\n"
         "local function chain(n)\n"
         "  if n == 0 then receive() return end\n"
         "  spawn_link(function() chain(n - 1) end)\n"
         "  receive()\n"
         "end\n"
         "first = spawn(function() chain(20000) end)\n"
         "while #processes() < 20002 do sleep(1) end\n"
         "local ref = monitor(first)\n"
         "exit(first, 'boom')\n"
         "receive(tuple(atom.DOWN, ref, ANY, ANY, ANY))\n"
         "while #processes() > 1 do sleep(1) end\n"
         "result = #processes()");
  assert_string_equal(global_str(f, "result"), "1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(fifo, setup, teardown),
    cmocka_unit_test_setup_teardown(busy_loop_is_preempted, setup, teardown),
    cmocka_unit_test_setup_teardown(long_link_chain_dies, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** Unit tests of vm/sched.c and the exit path of vm/proc.c: runnable
** processes run in FIFO order, a busy loop is preempted so others and
** timers progress, the loop ends when nothing can run, and a long chain
** of links dies without deep C recursion.
*/
#include "vmfix.h"

static void fifo(void **state) {
  vmfix *f = *state;
  assert_string_equal(vmfix_run(f, "result = ''\n"
         "for i = 1, 5 do spawn(function() result = result .. i end) end"), "12345");
}

static void busy_loop_is_preempted(void **state) {
  vmfix *f = *state;
  const char *r = vmfix_run(f, "local me = self()\n"
         "local busy = spawn(function() while true do end end)\n"
         "spawn(function() send(me, 'still here') end)\n"
         "local got = receive(2000)\n"
         "sleep(5)  -- a timer fires while busy spins\n"
         "result = tostring(got) .. ' ' .. tostring(is_alive(busy))\n"
         "exit(busy, 'kill')\n"
         "result = result .. ' ' .. tostring(is_alive(busy))");
  assert_string_equal(r, "still here true false");
  assert_int_equal(vm_live_count(f->v), 0);
}

static void long_link_chain_dies(void **state) {
  vmfix *f = *state;
  const char *r = vmfix_run(f, "local first\n"
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
  assert_string_equal(r, "1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(fifo, vmfix_setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(busy_loop_is_preempted, vmfix_setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(long_link_chain_dies, vmfix_setup, vmfix_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** Unit tests of the distribution seam (vm_dist in vm/vm.h): with no
** distribution, operations on another node's pid do what erl's do on a
** node that is not alive (dropped, or noconnection); with one installed, each operation reaches it (group_leader
** of a remote pid too), including the exit signal of a local process
** linked to a remote one and the monitor a dying local process held on a
** remote one.
*/
#include <string.h>
#include "vmfix.h"

static int calls_send, calls_link, calls_unlink, calls_monitor,
           calls_demonitor, calls_exit, calls_gl;

static int f_send(void *ud, lua_State *L, int d, int m) { (void)ud; (void)L; (void)d; (void)m; calls_send++; return 0; }
static int f_link(void *ud, lua_State *L, int f, int r) { (void)ud; (void)L; (void)f; (void)r; calls_link++; return 0; }
static int f_unlink(void *ud, lua_State *L, int f, int r) { (void)ud; (void)L; (void)f; (void)r; calls_unlink++; return 0; }
static int f_monitor(void *ud, lua_State *L, int f, int r, int ref) { (void)ud; (void)L; (void)f; (void)r; (void)ref; calls_monitor++; return 0; }
static int f_demonitor(void *ud, lua_State *L, int f, int r, int ref) { (void)ud; (void)L; (void)f; (void)r; (void)ref; calls_demonitor++; return 0; }
static int f_exit(void *ud, lua_State *L, int f, int r, int why, int linked) { (void)ud; (void)L; (void)f; (void)r; (void)why; (void)linked; calls_exit++; return 0; }
static int f_down(void *ud, lua_State *L, int f, int w, int ref, int item, int why) { (void)ud; (void)L; (void)f; (void)w; (void)ref; (void)item; (void)why; return 0; }
static int f_gl(void *ud, lua_State *L, int gl, int r) { (void)ud; (void)L; (void)gl; (void)r; calls_gl++; return 0; }

static int setup(void **state) {
  vmfix *f = vmfix_new();
  vm_push_remote_pid(f->L, vm_node_index(f->L, "other@host"), 5, 0, 1);
  lua_setglobal(f->L, "rp");
  calls_send = calls_link = calls_unlink = calls_monitor = 0;
  calls_demonitor = calls_exit = calls_gl = 0;
  *state = f;
  return 0;
}

static void remote_pid_value(void **state) {
  vmfix *f = *state;
  assert_string_equal(vmfix_run(f, "result = tostring(rp) .. ' ' .. node_of(rp) .. ' ' .."
                             " typeof(rp)"), "<1.5.0> other@host pid");
  vm_push_remote_pid(f->L, 1, 5, 0, 1);   /* the same numbers: the same value */
  lua_getglobal(f->L, "rp");
  assert_true(lua_rawequal(f->L, -1, -2));
  lua_pop(f->L, 2);
}

/* As erl on a node that is not alive (after net_kernel:stop()): sends and
** signals to another node's pid are dropped, a monitor is DOWN and a link
** EXITs at once with noconnection; only a monitor of {name, node} raises
** (erl: badarg). */
static void without_dist_as_erl_not_alive(void **state) {
  vmfix *f = *state;
  const char *r = vmfix_run(f,
    "local out = {}\n"
    "local function add(v) out[#out + 1] = tostring(v) end\n"
    "add(send(rp, 1)); add(send(tuple('x', 'other@host'), 2))\n"
    "add(exit(rp, 'kill')); add(group_leader(self(), rp))\n"
    "local ref = monitor(rp)\n"
    "local d = receive(tuple(atom.DOWN, ref, ANY, ANY, ANY), 0)\n"
    "add(d and d[5])\n"
    "trap_exit(true); link(rp)\n"
    "local e = receive(tuple(atom.EXIT, rp, ANY), 0)\n"
    "add(e and e[3]); trap_exit(false)\n"
    "local ok, err = pcall(monitor, tuple('x', 'other@host'))\n"
    "add(not ok and err:find('not distributed') and 'clear' or err)\n"
    "result = table.concat(out, ' ')");
  assert_string_equal(r, "1 2 true true :noconnection :noconnection clear");
}

static void with_dist_each_reaches_it(void **state) {
  vmfix *f = *state;
  static const vm_dist d = {NULL, f_send, f_link, f_unlink, f_monitor,
                            f_demonitor, f_exit, f_down, f_gl};
  vm_set_dist(f->v, &d);
  assert_string_equal(vmfix_run(f, "send(rp, 'hi')\n"
         "send(tuple('name', 'other@host'), 'hi')\n"
         "link(rp); unlink(rp)\n"
         "local ref = monitor(rp); demonitor(ref)\n"
         "exit(rp, 'kill')\n"
         "result = tostring(group_leader(self(), rp))"), "true");
  assert_int_equal(calls_send, 2);
  assert_int_equal(calls_link, 1);
  assert_int_equal(calls_unlink, 1);
  assert_int_equal(calls_monitor, 1);
  assert_int_equal(calls_demonitor, 1);
  assert_int_equal(calls_exit, 1);
  assert_int_equal(calls_gl, 1);
}

static void dying_process_tells_remote_links_and_monitors(void **state) {
  vmfix *f = *state;
  static const vm_dist d = {NULL, f_send, f_link, f_unlink, f_monitor,
                            f_demonitor, f_exit, f_down, f_gl};
  vm_set_dist(f->v, &d);
  vmfix_run(f, "spawn(function() link(rp); monitor(rp); error('down we go', 0) end)");
  assert_int_equal(calls_exit, 1);        /* the link's exit signal */
  assert_int_equal(calls_demonitor, 1);   /* its monitor ends with it */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(remote_pid_value, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(without_dist_as_erl_not_alive, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(with_dist_each_reaches_it, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(dying_process_tells_remote_links_and_monitors, setup, vmfix_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

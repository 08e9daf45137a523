/*
** Unit tests of vm/mailbox.c: the slot window [head, tail), holes left by
** selective receive, the head skipping holes, the reset of an emptied
** mailbox to slot 1, nil messages kept apart from holes, a flood's table
** let go once drained.
*/
#include "vmfix.h"
#include "internal.h"

typedef struct { vmfix *fx; lua_State *L; vm_proc *p; } fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->fx = vmfix_new();
  f->L = f->fx->L;
  luaL_loadstring(f->L, "return 1");
  f->p = vm_spawn(f->fx->v, f->L, 0);       /* never run: just a mailbox */
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  vmfix_free(f->fx);
  free(f);
  return 0;
}

static void push_int(fixture *f, lua_Integer i) {
  lua_pushinteger(f->L, i);
  mailbox_push(f->L, f->p, -1);
  lua_pop(f->L, 1);
}

static lua_Integer get_int(fixture *f, uint32_t slot) {
  lua_Integer i;
  assert_true(mailbox_get(f->L, f->p, slot));
  i = lua_tointeger(f->L, -1);
  lua_pop(f->L, 1);
  return i;
}

static void fifo_order(void **state) {
  fixture *f = *state;
  int i;
  for (i = 1; i <= 5; i++) push_int(f, i * 10);
  assert_int_equal(f->p->mb_count, 5);
  assert_int_equal(f->p->mb_head, 1);
  assert_int_equal(f->p->mb_tail, 6);
  for (i = 1; i <= 5; i++) assert_int_equal(get_int(f, (uint32_t)i), i * 10);
}

static void take_middle_leaves_hole(void **state) {
  fixture *f = *state;
  int i;
  for (i = 1; i <= 4; i++) push_int(f, i);
  mailbox_take(f->L, f->p, 2);
  assert_int_equal(f->p->mb_count, 3);
  assert_int_equal(f->p->mb_head, 1);            /* head unmoved */
  assert_false(mailbox_get(f->L, f->p, 2));  /* a hole */
  mailbox_take(f->L, f->p, 1);          /* head skips the hole */
  assert_int_equal(f->p->mb_head, 3);
  assert_int_equal(get_int(f, f->p->mb_head), 3);
}

static void empty_resets_to_slot_one(void **state) {
  fixture *f = *state;
  push_int(f, 7);
  push_int(f, 8);
  mailbox_take(f->L, f->p, 1);
  mailbox_take(f->L, f->p, 2);
  assert_int_equal(f->p->mb_count, 0);
  assert_int_equal(f->p->mb_head, 1);
  assert_int_equal(f->p->mb_tail, 1);
  push_int(f, 9);
  assert_int_equal(get_int(f, 1), 9);
}

static void nil_is_a_message_not_a_hole(void **state) {
  fixture *f = *state;
  lua_pushnil(f->L);
  mailbox_push(f->L, f->p, -1);
  lua_pop(f->L, 1);
  assert_int_equal(f->p->mb_count, 1);
  assert_true(mailbox_get(f->L, f->p, 1));
  assert_true(lua_isnil(f->L, -1));
  lua_pop(f->L, 1);
}

static void flood_then_drain(void **state) {
  fixture *f = *state;
  uint32_t i;
  for (i = 1; i <= 5000; i++) push_int(f, i);
  for (i = 1; i <= 5000; i++) {
    assert_int_equal(get_int(f, f->p->mb_head), i);
    mailbox_take(f->L, f->p, f->p->mb_head);
  }
  assert_int_equal(f->p->mb_count, 0);
  assert_int_equal(f->p->mb_tail, 1);
  assert_int_equal(f->p->mbox, LUA_NOREF);     /* the flood's table is gone */
}

static void list_skips_holes(void **state) {
  fixture *f = *state;
  int i;
  for (i = 1; i <= 3; i++) push_int(f, i);
  mailbox_take(f->L, f->p, 2);
  mailbox_list(f->L, f->p);
  assert_int_equal(lua_rawlen(f->L, -1), 2);
  lua_rawgeti(f->L, -1, 2);
  assert_int_equal(lua_tointeger(f->L, -1), 3);
  lua_pop(f->L, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(fifo_order, setup, teardown),
    cmocka_unit_test_setup_teardown(take_middle_leaves_hole, setup, teardown),
    cmocka_unit_test_setup_teardown(empty_resets_to_slot_one, setup, teardown),
    cmocka_unit_test_setup_teardown(nil_is_a_message_not_a_hole, setup, teardown),
    cmocka_unit_test_setup_teardown(flood_then_drain, setup, teardown),
    cmocka_unit_test_setup_teardown(list_skips_holes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** Unit tests of EPMD (dist/epmd.h): our client against our server on a port
** the kernel picked: register, port_please, names, unregistering by closing,
** a taken name, creations, a lost registration, malformed requests and
** requests cut across TCP reads, KILL_REQ, and a client facing a closed
** port. With EPMD_PORT set, the client tests run against the epmd on that
** port instead (tests/cli/epmd.sh points them at a real epmd).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include "epmd.h"

typedef struct fixture {
  uv_loop_t loop;
  epmd_server *srv;          /* NULL against an external epmd */
  int port;
  int killed;                /* on_kill ran */
} fixture;

static int external_port;    /* EPMD_PORT, or 0 */
static char names_prefix[32];  /* names unique to this run */

/* ---- running the loop until something happened ---- */

static void on_guard(uv_timer_t *t) { *(int *)t->data = 1; }

/* Runs the loop until *flag is set; fails the test after 5 seconds. */
static void run_until(fixture *f, const int *flag) {
  uv_timer_t guard;
  int expired = 0;
  uv_timer_init(&f->loop, &guard);
  guard.data = &expired;
  uv_timer_start(&guard, on_guard, 5000, 0);
  while (!*flag && !expired) uv_run(&f->loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&guard, NULL);
  uv_run(&f->loop, UV_RUN_NOWAIT);
  assert_false(expired);
}

/* Lets ms pass on the loop (for bytes to travel before the next ones). */
static void pause_ms(fixture *f, int ms) {
  uv_timer_t t;
  int done = 0;
  uv_timer_init(&f->loop, &t);
  t.data = &done;
  uv_timer_start(&t, on_guard, (uint64_t)ms, 0);
  while (!done) uv_run(&f->loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(&f->loop, UV_RUN_NOWAIT);
}

static const char *uname_(const char *base) {  /* "ut123_alice" */
  static char buf[4][64];
  static int i;
  i = (i + 1) % 4;
  snprintf(buf[i], sizeof buf[i], "%s%s", names_prefix, base);
  return buf[i];
}

/* ---- the client, made synchronous ---- */

typedef struct result {
  int done, calls, status;
  uint32_t creation;
  epmd_node node;
  char name[EPMD_MAX_NAME + 1];
  char err[256];
  char list[1024];           /* names as "a:1 b:2 " */
  epmd_reg *reg;
  int unregister_in_cb;
} result;

static void keep_err(result *r, const char *err) {
  snprintf(r->err, sizeof r->err, "%s", err ? err : "");
}

static void on_reg(epmd_reg *reg, int status, uint32_t creation,
                   const char *err, void *ud) {
  result *r = ud;
  r->done = 1;
  r->calls++;
  r->status = status;
  r->creation = creation;
  r->reg = status == EPMD_OK ? reg : NULL;   /* an error ends it */
  keep_err(r, err);
  if (status == EPMD_OK && r->unregister_in_cb) { epmd_unregister(reg); r->reg = NULL; }
}

static void on_port(int status, const epmd_node *node, const char *err, void *ud) {
  result *r = ud;
  r->done = 1;
  r->status = status;
  if (node) {
    r->node = *node;
    snprintf(r->name, sizeof r->name, "%s", node->name);
    r->node.name = r->name;
  }
  keep_err(r, err);
}

static void on_names(int status, const epmd_name *names, size_t n,
                     const char *err, void *ud) {
  result *r = ud;
  size_t i, len = 0;
  r->done = 1;
  r->status = status;
  r->list[0] = 0;
  for (i = 0; i < n && len < sizeof r->list; i++)
    len += (size_t)snprintf(r->list + len, sizeof r->list - len, "%s:%d ",
                            names[i].name, names[i].port);
  keep_err(r, err);
}

static void do_register(fixture *f, result *r, const char *name, int port, int hidden) {
  memset(r, 0, sizeof *r);
  assert_non_null(epmd_register(&f->loop, f->port, name, port, hidden, on_reg, r));
  run_until(f, &r->done);
}

static void do_port(fixture *f, result *r, int eport, const char *name) {
  memset(r, 0, sizeof *r);
  assert_int_equal(epmd_port_please(&f->loop, NULL, eport, name, on_port, r), 0);
  run_until(f, &r->done);
}

static void do_names(fixture *f, result *r, int eport) {
  memset(r, 0, sizeof *r);
  assert_int_equal(epmd_names(&f->loop, NULL, eport, on_names, r), 0);
  run_until(f, &r->done);
}

static int listed(fixture *f, const char *name, int port) {
  result r;
  char want[128];
  do_names(f, &r, f->port);
  assert_int_equal(r.status, EPMD_OK);
  snprintf(want, sizeof want, "%s:%d ", name, port);
  return strstr(r.list, want) != NULL;
}

/* epmd learns of a closed registration when it reads the EOF: wait. */
static void wait_unlisted(fixture *f, const char *name, int port) {
  int i;
  for (i = 0; i < 100 && listed(f, name, port); i++) pause_ms(f, 20);
  assert_false(listed(f, name, port));
}

static void unregister(fixture *f, result *r, const char *name, int port) {
  epmd_unregister(r->reg);
  r->reg = NULL;
  wait_unlisted(f, name, port);
}

/* ---- a raw client, for bytes no good client sends ---- */

typedef struct raw {
  uv_tcp_t tcp;
  uv_connect_t conn;
  int connected, eof, closed;
  int got;                   /* len reached want */
  size_t want;
  unsigned char in[4096];
  size_t len;
} raw;

static void raw_alloc(uv_handle_t *h, size_t size, uv_buf_t *b) {
  raw *r = h->data;
  (void)size;
  b->base = (char *)r->in + r->len;
  b->len = sizeof r->in - r->len;
}

static void raw_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  raw *r = s->data;
  (void)b;
  if (n > 0) r->len += (size_t)n;
  else if (n < 0) r->eof = 1;
  r->got = r->want && r->len >= r->want;
}

/* Runs the loop until n bytes of answer have come. */
static void raw_wait(fixture *f, raw *r, size_t n) {
  r->want = n;
  r->got = r->len >= n;
  run_until(f, &r->got);
}

static void raw_connected(uv_connect_t *c, int status) {
  raw *r = c->data;
  assert_int_equal(status, 0);
  r->connected = 1;
  uv_read_start((uv_stream_t *)&r->tcp, raw_alloc, raw_read);
}

static void raw_open(fixture *f, raw *r) {
  struct sockaddr_in a;
  memset(r, 0, sizeof *r);
  uv_ip4_addr("127.0.0.1", f->port, &a);
  uv_tcp_init(&f->loop, &r->tcp);
  uv_tcp_nodelay(&r->tcp, 1);
  r->tcp.data = r->conn.data = r;
  uv_tcp_connect(&r->conn, &r->tcp, (const struct sockaddr *)&a, raw_connected);
  run_until(f, &r->connected);
}

/* Sends n bytes, each cut off from the next by a pause when split. */
static void raw_send(fixture *f, raw *r, const void *p, size_t n, int split) {
  size_t i, step = split ? 1 : n;
  for (i = 0; i < n; i += step) {
    uv_buf_t b = uv_buf_init((char *)p + i, (unsigned)step);
    assert_int_equal(uv_try_write((uv_stream_t *)&r->tcp, &b, 1), (int)step);
    if (split) pause_ms(f, 3);
  }
}

static void raw_on_closed(uv_handle_t *h) { ((raw *)h->data)->closed = 1; }

static void raw_close(fixture *f, raw *r) {
  uv_close((uv_handle_t *)&r->tcp, raw_on_closed);
  run_until(f, &r->closed);
}

/* Our ALIVE2_REQ for name, by hand: highest version as given. */
static size_t alive2_bytes(unsigned char *p, const char *name, int port, int highest) {
  size_t n = strlen(name);
  unsigned char head[13] = {0, 0, 120, (unsigned char)(port >> 8), (unsigned char)port,
                            77, 0, 0, (unsigned char)highest, 0, 5, 0, 0};
  head[0] = (unsigned char)((13 + n) >> 8);
  head[1] = (unsigned char)(13 + n);
  head[12] = (unsigned char)n;
  memcpy(p, head, 13);
  memcpy(p + 13, name, n);
  p[13 + n] = p[14 + n] = 0;
  return 15 + n;
}

/* ---- fixtures ---- */

static void on_kill(void *ud) { ((fixture *)ud)->killed = 1; }

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  char err[128];
  uv_loop_init(&f->loop);
  if (external_port) f->port = external_port;
  else {
    f->srv = epmd_server_start(&f->loop, 0, NULL, NULL, err, sizeof err);
    if (f->srv == NULL) { fprintf(stderr, "%s\n", err); return -1; }
    f->port = epmd_server_port(f->srv);
    epmd_server_on_kill(f->srv, on_kill, f);
  }
  *state = f;
  return 0;
}

/* Closes the server and checks that nothing was left on the loop: every
** request and connection freed its handles. */
static int teardown(void **state) {
  fixture *f = *state;
  if (f->srv) epmd_server_close(f->srv);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&f->loop), 0);
  free(f);
  return 0;
}

/* ---- the tests ---- */

static void register_then_port_please_and_names(void **state) {
  fixture *f = *state;
  const char *alice = uname_("alice"), *bob = uname_("bob");
  result a, b, r;
  do_register(f, &a, alice, 5555, 0);
  assert_int_equal(a.status, EPMD_OK);
  assert_true(a.creation != 0);
  do_register(f, &b, bob, 5556, 1);
  assert_int_equal(b.status, EPMD_OK);
  do_port(f, &r, f->port, alice);
  assert_int_equal(r.status, EPMD_OK);
  assert_string_equal(r.node.name, alice);
  assert_int_equal(r.node.port, 5555);
  assert_int_equal(r.node.type, EPMD_NODE_NORMAL);
  assert_int_equal(r.node.protocol, 0);
  assert_int_equal(r.node.highest, 6);
  assert_int_equal(r.node.lowest, 5);
  do_port(f, &r, f->port, bob);
  assert_int_equal(r.node.type, EPMD_NODE_HIDDEN);
  assert_true(listed(f, alice, 5555));
  assert_true(listed(f, bob, 5556));
  if (f->srv) assert_int_equal(epmd_server_count(f->srv), 2);
  unregister(f, &a, alice, 5555);
  unregister(f, &b, bob, 5556);
}

static void closing_the_connection_unregisters(void **state) {
  fixture *f = *state;
  const char *alice = uname_("alice");
  result a, r;
  char want[128];
  do_register(f, &a, alice, 5555, 0);
  assert_int_equal(a.status, EPMD_OK);
  unregister(f, &a, alice, 5555);
  if (f->srv) assert_int_equal(epmd_server_count(f->srv), 0);
  do_port(f, &r, f->port, alice);
  assert_int_equal(r.status, EPMD_NOT_FOUND);
  snprintf(want, sizeof want, "no node named '%s' on host 'localhost'", alice);
  assert_string_equal(r.err, want);
}

static void a_taken_name_is_refused(void **state) {
  fixture *f = *state;
  const char *alice = uname_("alice");
  result a, b;
  char want[128];
  do_register(f, &a, alice, 5555, 0);
  assert_int_equal(a.status, EPMD_OK);
  do_register(f, &b, alice, 6666, 0);
  assert_int_equal(b.status, EPMD_TAKEN);
  assert_null(b.reg);
  snprintf(want, sizeof want, "the name '%s' is already registered with epmd "
           "on this host", alice);
  assert_string_equal(b.err, want);
  assert_true(listed(f, alice, 5555));         /* the first holder keeps it */
  unregister(f, &a, alice, 5555);
  do_register(f, &b, alice, 6666, 0);          /* free again once it left */
  assert_int_equal(b.status, EPMD_OK);
  unregister(f, &b, alice, 6666);
}

static void creation_changes_between_registrations(void **state) {
  fixture *f = *state;
  const char *alice = uname_("alice");
  result a, b;
  do_register(f, &a, alice, 5555, 0);
  unregister(f, &a, alice, 5555);
  do_register(f, &b, alice, 5555, 0);
  assert_int_equal(b.status, EPMD_OK);
  assert_true(a.creation != b.creation);
  unregister(f, &b, alice, 5555);
}

/* A version 5 node gets ALIVE2_RESP and a 16-bit creation from 1 to 3. */
static void an_old_node_gets_a_small_creation(void **state) {
  fixture *f = *state;
  unsigned char req[300];
  raw r;
  raw_open(f, &r);
  raw_send(f, &r, req, alive2_bytes(req, uname_("old"), 5555, 5), 0);
  raw_wait(f, &r, 4);
  assert_int_equal(r.len, 4);
  assert_int_equal(r.in[0], 121);
  assert_int_equal(r.in[1], 0);
  assert_int_equal(r.in[2], 0);
  assert_in_range(r.in[3], 1, 3);
  raw_close(f, &r);
}

static void unregister_at_any_time(void **state) {
  fixture *f = *state;
  result a, b;
  /* before epmd answered: the callback never runs */
  epmd_reg *reg;
  memset(&a, 0, sizeof a);
  reg = epmd_register(&f->loop, f->port, uname_("early"), 5555, 0, on_reg, &a);
  assert_non_null(reg);
  epmd_unregister(reg);
  pause_ms(f, 50);
  assert_int_equal(a.calls, 0);
  /* from inside the callback */
  memset(&b, 0, sizeof b);
  b.unregister_in_cb = 1;
  assert_non_null(epmd_register(&f->loop, f->port, uname_("incb"), 5556, 0, on_reg, &b));
  run_until(f, &b.done);
  assert_int_equal(b.status, EPMD_OK);
  wait_unlisted(f, uname_("incb"), 5556);
  /* names epmd could not take are refused on the spot */
  {
    char longname[EPMD_MAX_NAME + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    assert_null(epmd_register(&f->loop, f->port, "", 1, 0, on_reg, &a));
    assert_null(epmd_register(&f->loop, f->port, longname, 1, 0, on_reg, &a));
    assert_int_equal(epmd_port_please(&f->loop, NULL, f->port, "", on_port, &a), UV_EINVAL);
  }
}

/* When epmd goes away, a registration hears of it once, with EPMD_CLOSED. */
static void a_lost_registration_is_reported(void **state) {
  fixture *f = *state;
  result a;
  char err[128];
  do_register(f, &a, uname_("alice"), 5555, 0);
  assert_int_equal(a.status, EPMD_OK);
  a.done = 0;
  epmd_server_close(f->srv);
  run_until(f, &a.done);
  assert_int_equal(a.status, EPMD_CLOSED);
  assert_int_equal(a.calls, 2);
  assert_non_null(strstr(a.err, "closed the registration"));
  f->srv = epmd_server_start(&f->loop, 0, NULL, NULL, err, sizeof err);
  assert_non_null(f->srv);
}

static void names_answer_as_epmd_does(void **state) {
  fixture *f = *state;
  unsigned char names_req[3] = {0, 1, 110};
  char want[128];
  result a;
  raw r;
  do_register(f, &a, "alice", 5555, 0);
  raw_open(f, &r);
  raw_send(f, &r, names_req, 3, 0);
  run_until(f, &r.eof);
  snprintf(want, sizeof want, "name alice at port 5555\n");
  assert_int_equal(r.len, 4 + strlen(want));
  assert_int_equal((r.in[2] << 8) | r.in[3], f->port);
  assert_memory_equal(r.in + 4, want, strlen(want));
  raw_close(f, &r);
  epmd_unregister(a.reg);
}

/* Each closes its connection unanswered; epmd serves on. */
static void malformed_requests_close_the_connection(void **state) {
  fixture *f = *state;
  static const struct { const char *what; size_t n; unsigned char b[24]; } bad[] = {
    {"zero length", 2, {0, 0}},
    {"unknown request", 3, {0, 1, 'Q'}},
    {"STOP_REQ", 7, {0, 5, 115, 'a', 'b', 'c', 'd'}},
    {"PORT_PLEASE2 without a name", 3, {0, 1, 122}},
    {"NAMES with a tail", 4, {0, 2, 110, 0}},
    {"ALIVE2 too short", 6, {0, 4, 120, 0, 1, 77}},
    {"ALIVE2 name longer than the request", 17,
     {0, 15, 120, 0x15, 0xb3, 77, 0, 0, 6, 0, 5, 0, 200, 'a', 'b', 0, 0}},
    {"ALIVE2 empty name", 15, {0, 13, 120, 0x15, 0xb3, 77, 0, 0, 6, 0, 5, 0, 0, 0, 0}},
    {"ALIVE2 name with a newline", 17,
     {0, 15, 120, 0x15, 0xb3, 77, 0, 0, 6, 0, 5, 0, 2, 'a', '\n', 0, 0}},
  };
  size_t i;
  result a;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    raw r;
    raw_open(f, &r);
    raw_send(f, &r, bad[i].b, bad[i].n, 0);
    run_until(f, &r.eof);
    if (r.len != 0) fail_msg("%s: %zu bytes of answer", bad[i].what, r.len);
    raw_close(f, &r);
  }
  assert_int_equal(epmd_server_count(f->srv), 0);
  do_names(f, &a, f->port);
  assert_int_equal(a.status, EPMD_OK);
}

/* Bytes one at a time, each in its own TCP segment. */
static void requests_split_across_reads(void **state) {
  fixture *f = *state;
  unsigned char req[300];
  unsigned char please[3 + 5] = {0, 6, 122, 's', 'p', 'l', 'i', 't'};
  unsigned char names_req[3] = {0, 1, 110};
  size_t n = alive2_bytes(req, "split", 4242, 6);
  raw reg, q;
  result a;
  raw_open(f, &reg);
  raw_send(f, &reg, req, n, 1);
  raw_wait(f, &reg, 6);
  assert_int_equal(reg.in[0], 118);
  assert_int_equal(reg.in[1], 0);
  raw_open(f, &q);
  raw_send(f, &q, please, sizeof please, 1);
  run_until(f, &q.eof);
  assert_int_equal(q.len, 14 + 5);     /* 12 fixed, the name, an empty extra */
  assert_int_equal(q.in[0], 119);
  assert_int_equal(q.in[1], 0);
  assert_int_equal((q.in[2] << 8) | q.in[3], 4242);
  assert_memory_equal(q.in + 12, "split", 5);
  raw_close(f, &q);
  raw_open(f, &q);
  raw_send(f, &q, names_req, 3, 1);
  run_until(f, &q.eof);
  assert_true(q.len > 4);
  raw_close(f, &q);
  raw_close(f, &reg);
  do_names(f, &a, f->port);
  assert_int_equal(a.status, EPMD_OK);
}

static void kill_is_refused_while_nodes_live(void **state) {
  fixture *f = *state;
  unsigned char kill_req[3] = {0, 1, 107};
  result a;
  raw r;
  do_register(f, &a, "alice", 5555, 0);
  raw_open(f, &r);
  raw_send(f, &r, kill_req, 3, 0);
  run_until(f, &r.eof);
  assert_int_equal(r.len, 2);
  assert_memory_equal(r.in, "NO", 2);
  assert_int_equal(f->killed, 0);
  raw_close(f, &r);
  epmd_unregister(a.reg);
  wait_unlisted(f, "alice", 5555);
  raw_open(f, &r);
  raw_send(f, &r, kill_req, 3, 0);
  run_until(f, &r.eof);
  assert_memory_equal(r.in, "OK", 2);
  assert_int_equal(f->killed, 1);
  raw_close(f, &r);
}

/* A port the kernel gave us and took back: nothing listens there. */
static int closed_port(fixture *f) {
  uv_tcp_t t;
  struct sockaddr_in a;
  struct sockaddr_storage me;
  int len = sizeof me;
  uv_ip4_addr("127.0.0.1", 0, &a);
  uv_tcp_init(&f->loop, &t);
  assert_int_equal(uv_tcp_bind(&t, (const struct sockaddr *)&a, 0), 0);
  uv_tcp_getsockname(&t, (struct sockaddr *)&me, &len);
  uv_close((uv_handle_t *)&t, NULL);
  uv_run(&f->loop, UV_RUN_NOWAIT);
  return ntohs(((struct sockaddr_in *)&me)->sin_port);
}

static void a_closed_port_is_unreachable(void **state) {
  fixture *f = *state;
  int port = closed_port(f);
  result r;
  memset(&r, 0, sizeof r);
  assert_non_null(epmd_register(&f->loop, port, "alice", 5555, 0, on_reg, &r));
  run_until(f, &r.done);
  assert_int_equal(r.status, EPMD_UNREACHABLE);
  assert_non_null(strstr(r.err, "cannot reach epmd"));
  do_port(f, &r, port, "alice");
  assert_int_equal(r.status, EPMD_UNREACHABLE);
  do_names(f, &r, port);
  assert_int_equal(r.status, EPMD_UNREACHABLE);
}

static void ports_parse(void **state) {
  (void)state;
  assert_int_equal(epmd_parse_port("4369"), 4369);
  assert_int_equal(epmd_parse_port("0"), -1);
  assert_int_equal(epmd_parse_port("65536"), -1);
  assert_int_equal(epmd_parse_port("12x"), -1);
  assert_int_equal(epmd_parse_port("-5"), -1);
  assert_int_equal(epmd_parse_port(NULL), -1);
}

int main(void) {
  const struct CMUnitTest client[] = {   /* these run against any epmd */
    cmocka_unit_test_setup_teardown(register_then_port_please_and_names, setup, teardown),
    cmocka_unit_test_setup_teardown(closing_the_connection_unregisters, setup, teardown),
    cmocka_unit_test_setup_teardown(a_taken_name_is_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(creation_changes_between_registrations, setup, teardown),
    cmocka_unit_test_setup_teardown(unregister_at_any_time, setup, teardown),
    cmocka_unit_test_setup_teardown(a_closed_port_is_unreachable, setup, teardown),
  };
  const struct CMUnitTest ours[] = {
    cmocka_unit_test(ports_parse),
    cmocka_unit_test_setup_teardown(register_then_port_please_and_names, setup, teardown),
    cmocka_unit_test_setup_teardown(closing_the_connection_unregisters, setup, teardown),
    cmocka_unit_test_setup_teardown(a_taken_name_is_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(creation_changes_between_registrations, setup, teardown),
    cmocka_unit_test_setup_teardown(an_old_node_gets_a_small_creation, setup, teardown),
    cmocka_unit_test_setup_teardown(unregister_at_any_time, setup, teardown),
    cmocka_unit_test_setup_teardown(a_lost_registration_is_reported, setup, teardown),
    cmocka_unit_test_setup_teardown(names_answer_as_epmd_does, setup, teardown),
    cmocka_unit_test_setup_teardown(malformed_requests_close_the_connection, setup, teardown),
    cmocka_unit_test_setup_teardown(requests_split_across_reads, setup, teardown),
    cmocka_unit_test_setup_teardown(kill_is_refused_while_nodes_live, setup, teardown),
    cmocka_unit_test_setup_teardown(a_closed_port_is_unreachable, setup, teardown),
  };
  external_port = epmd_parse_port(getenv("EPMD_PORT"));
  if (external_port > 0) {
    snprintf(names_prefix, sizeof names_prefix, "ut%ld_", (long)getpid());
    return cmocka_run_group_tests_name("epmd client against EPMD_PORT", client, NULL, NULL);
  }
  external_port = 0;
  return cmocka_run_group_tests_name("epmd", ours, NULL, NULL);
}

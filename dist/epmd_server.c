/*
** epmd_server.c: the embedded port mapper. It keeps the names of the nodes
** on this host, each tied to the connection that registered it (when that
** connection closes, the name goes), and answers PORT_PLEASE2 and NAMES as
** the real epmd does, so that erl nodes and `epmd -names` can use it.
**
** Input is untrusted: a request is buffered until its 2-byte length has
** arrived in full, whatever the TCP reads cut it into; anything malformed
** closes that one connection.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "epmd.h"

enum { ALIVE2_REQ = 120, ALIVE2_RESP = 121, ALIVE2_X_RESP = 118,
       PORT_PLEASE2_REQ = 122, PORT2_RESP = 119, NAMES_REQ = 110,
       DUMP_REQ = 100, KILL_REQ = 107 };

#define MAX_SESSIONS 1024        /* as real epmd's file limit: a flood ends here */
#define IDLE_MS 60000            /* an unregistered connection may idle this long */
#define SWEEP_MS 10000

typedef struct session session;

typedef struct node {
  struct node *next;
  session *owner;                /* the connection that holds the name */
  uint32_t creation;
  int port, type, protocol, highest, lowest;
  size_t elen;
  unsigned char *extra;
  char name[EPMD_MAX_NAME + 1];
} node;

struct session {
  uv_tcp_t tcp;
  epmd_server *srv;
  session *prev, *next;
  unsigned char *buf;            /* request bytes not handled yet */
  size_t len, cap;
  node *reg;                     /* the name this connection registered */
  int done;                      /* answered and closing: ignore input */
  uint64_t active;               /* when it last sent something (uv_now) */
};

struct epmd_server {
  uv_loop_t *loop;
  uv_tcp_t l4, l6;
  uv_timer_t sweep;
  int port, l6_on, open, closing;
  session *sessions;
  size_t nsessions;
  node *nodes;                   /* in registration order */
  size_t count;
  uint32_t creation;             /* the last one handed out */
  epmd_log_fn log;
  void *ud;
  void (*on_kill)(void *);
  void *kill_ud;
};

/* ---- small helpers ---- */

static void put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static void put32(unsigned char *p, uint32_t v) {
  put16(p, (unsigned)(v >> 16));
  put16(p + 2, (unsigned)(v & 0xffff));
}
static unsigned get16(const unsigned char *p) { return (unsigned)(p[0] << 8 | p[1]); }

static void note(epmd_server *s, const char *fmt, ...) {
  char line[512];
  va_list ap;
  if (s->log == NULL || s->closing) return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  s->log(s->ud, line);
}

static void maybe_free(epmd_server *s) {
  if (s->closing && s->open == 0) free(s);
}

static void on_handle_closed(uv_handle_t *h) {
  epmd_server *s = h->data;
  s->open--;
  maybe_free(s);
}

/* ---- the registry ---- */

static node *find(epmd_server *s, const char *name, size_t n) {
  node *e;
  for (e = s->nodes; e; e = e->next)
    if (strlen(e->name) == n && memcmp(e->name, name, n) == 0) return e;
  return NULL;
}

/* epmd hands out a new creation for each registration, so that pids of a
** node's previous life are told apart from its new ones. 0 means "any" in
** the distribution protocol and 1..3 are the old 2-bit creations: skip them. */
static uint32_t next_creation(epmd_server *s) {
  if (++s->creation < 4) s->creation = 4;
  return s->creation;
}

static void drop_node(epmd_server *s, node *n) {
  node **pp = &s->nodes;
  while (*pp != n) pp = &(*pp)->next;
  *pp = n->next;
  s->count--;
  note(s, "unregistered %s", n->name);
  free(n->extra);
  free(n);
}

/* ---- sessions ---- */

static void on_session_closed(uv_handle_t *h) {
  session *c = (session *)h;
  epmd_server *s = c->srv;
  free(c->buf);
  free(c);
  s->open--;
  maybe_free(s);
}

/* Ends a connection; the name it registered goes with it. */
static void drop(session *c) {
  epmd_server *s = c->srv;
  if (uv_is_closing((uv_handle_t *)&c->tcp)) return;
  if (c->reg) { drop_node(s, c->reg); c->reg = NULL; }
  if (c->prev) c->prev->next = c->next; else s->sessions = c->next;
  if (c->next) c->next->prev = c->prev;
  s->nsessions--;
  uv_read_stop((uv_stream_t *)&c->tcp);
  uv_close((uv_handle_t *)&c->tcp, on_session_closed);
}

enum { KEEP_OPEN, THEN_CLOSE, THEN_KILL };

typedef struct wreq {
  uv_write_t w;
  session *c;
  int then;
  unsigned char data[];
} wreq;

static void on_written(uv_write_t *w, int status) {
  wreq *q = (wreq *)w;
  session *c = q->c;             /* still allocated: its close is pending at most */
  int then = q->then;
  free(q);
  if (status == UV_ECANCELED) return;     /* the session is closing already */
  if (status < 0 || then != KEEP_OPEN) drop(c);
  /* the killer has its "OK" now: the owner may close us */
  if (status == 0 && then == THEN_KILL && c->srv->on_kill)
    c->srv->on_kill(c->srv->kill_ud);
}

/* Sends n bytes; then THEN_CLOSE for the one-shot answers, after which
** epmd closes the connection (clients read until it does). */
static void reply(session *c, const void *p, size_t n, int then) {
  wreq *q = malloc(sizeof *q + n);
  uv_buf_t b;
  if (q == NULL) { drop(c); return; }
  memcpy(q->data, p, n);
  q->c = c;
  q->then = then;
  if (then != KEEP_OPEN) c->done = 1;
  b = uv_buf_init((char *)q->data, (unsigned)n);
  if (uv_write(&q->w, (uv_stream_t *)&c->tcp, &b, 1, on_written) < 0) {
    free(q);
    drop(c);
  }
}

/* ---- requests; b[0..n-1] is one request without its length ---- */

static int valid_name(const unsigned char *p, size_t n) {
  return n > 0 && n <= EPMD_MAX_NAME && memchr(p, 0, n) == NULL &&
         memchr(p, '\n', n) == NULL;
}

/* ALIVE2_REQ: 120, port, type, protocol, highest, lowest, name, extra. */
static int alive2(session *c, const unsigned char *b, size_t n) {
  epmd_server *s = c->srv;
  unsigned char out[6];
  size_t nlen, elen;
  int x;
  node *e;
  if (n < 13 || c->reg) return -1;
  nlen = get16(b + 9);
  if (n < 13 + nlen) return -1;
  elen = get16(b + 11 + nlen);
  if (n != 13 + nlen + elen || !valid_name(b + 11, nlen)) return -1;
  x = get16(b + 5) >= 6;          /* version 6 nodes get 32-bit creations */
  out[0] = x ? ALIVE2_X_RESP : ALIVE2_RESP;
  if (find(s, (const char *)b + 11, nlen)) {
    out[1] = 1;
    memset(out + 2, 0, 4);
    reply(c, out, x ? 6 : 4, THEN_CLOSE);
    return 0;
  }
  if ((e = calloc(1, sizeof *e)) == NULL) return -1;
  if (elen && (e->extra = malloc(elen)) == NULL) { free(e); return -1; }
  memcpy(e->name, b + 11, nlen);
  if (elen) memcpy(e->extra, b + 13 + nlen, elen);
  e->elen = elen;
  e->port = (int)get16(b + 1);
  e->type = b[3];
  e->protocol = b[4];
  e->highest = (int)get16(b + 5);
  e->lowest = (int)get16(b + 7);
  e->creation = next_creation(s);
  e->owner = c;
  { node **pp = &s->nodes; while (*pp) pp = &(*pp)->next; *pp = e; }
  s->count++;
  c->reg = e;
  out[1] = 0;
  if (x) put32(out + 2, e->creation);
  else put16(out + 2, e->creation % 3 + 1);
  note(s, "registered %s at port %d (%s node, creation %lu)", e->name, e->port,
        e->type == EPMD_NODE_HIDDEN ? "hidden" : "normal", (unsigned long)e->creation);
  reply(c, out, x ? 6 : 4, KEEP_OPEN);
  return 0;
}

/* PORT_PLEASE2_REQ: 122, name. The answer mirrors ALIVE2_REQ's fields. */
static int port_please2(session *c, const unsigned char *b, size_t n) {
  unsigned char *out, no[2] = {PORT2_RESP, 1};
  size_t nlen = n - 1;
  node *e;
  if (!valid_name(b + 1, nlen)) return -1;
  if ((e = find(c->srv, (const char *)b + 1, nlen)) == NULL) {
    reply(c, no, 2, THEN_CLOSE);
    return 0;
  }
  if ((out = malloc(14 + nlen + e->elen)) == NULL) return -1;
  out[0] = PORT2_RESP;
  out[1] = 0;
  put16(out + 2, (unsigned)e->port);
  out[4] = (unsigned char)e->type;
  out[5] = (unsigned char)e->protocol;
  put16(out + 6, (unsigned)e->highest);
  put16(out + 8, (unsigned)e->lowest);
  put16(out + 10, (unsigned)nlen);
  memcpy(out + 12, e->name, nlen);
  put16(out + 12 + nlen, (unsigned)e->elen);
  if (e->elen) memcpy(out + 14 + nlen, e->extra, e->elen);
  reply(c, out, 14 + nlen + e->elen, THEN_CLOSE);
  free(out);
  return 0;
}

/* NAMES_REQ and DUMP_REQ: epmd's port, then one line per node. */
static int listing(session *c, int dump) {
  epmd_server *s = c->srv;
  size_t cap = 4 + s->count * (EPMD_MAX_NAME + 64), len = 4;
  char *out = malloc(cap);
  node *e;
  if (out == NULL) return -1;
  put32((unsigned char *)out, (uint32_t)s->port);
  for (e = s->nodes; e; e = e->next) {
    uv_os_fd_t fd = -1;
    if (!dump) {
      len += (size_t)snprintf(out + len, cap - len, "name %s at port %d\n",
                              e->name, e->port);
      continue;
    }
    uv_fileno((uv_handle_t *)&e->owner->tcp, &fd);
    len += (size_t)snprintf(out + len, cap - len, "active name     <%s> at port %d, "
                            "fd = %d\n", e->name, e->port, (int)fd);
  }
  reply(c, out, len, THEN_CLOSE);
  free(out);
  return 0;
}

static int from_this_host(session *c) {
  struct sockaddr_storage a;
  int len = sizeof a;
  const unsigned char *v6;
  if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&a, &len) < 0) return 0;
  if (a.ss_family == AF_INET)
    return ((const unsigned char *)&((struct sockaddr_in *)&a)->sin_addr)[0] == 127;
  v6 = ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr;
  return (memcmp(v6, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0) ||
         (memcmp(v6, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f", 13) == 0);
}

/* KILL_REQ: as real epmd without -relaxed_command_check, only from this
** host and only while no node is registered ("NO" otherwise). */
static int kill_req(session *c) {
  epmd_server *s = c->srv;
  if (!from_this_host(c) || s->count > 0) { reply(c, "NO", 2, THEN_CLOSE); return 0; }
  reply(c, "OK", 2, THEN_KILL);
  return 0;
}

/* 0 when handled, -1 when malformed or refused (STOP_REQ and the unknown). */
static int handle(session *c, const unsigned char *b, size_t n) {
  switch (b[0]) {
    case ALIVE2_REQ: return alive2(c, b, n);
    case PORT_PLEASE2_REQ: return port_please2(c, b, n);
    case NAMES_REQ: return n == 1 ? listing(c, 0) : -1;
    case DUMP_REQ: return n == 1 ? listing(c, 1) : -1;
    case KILL_REQ: return n == 1 ? kill_req(c) : -1;
    default: return -1;
  }
}

/* Handles every complete request in the buffer; keeps a partial one. */
static void consume(session *c) {
  size_t off = 0, rlen;
  while (!c->done && !uv_is_closing((uv_handle_t *)&c->tcp) && c->len - off >= 2) {
    rlen = get16(c->buf + off);
    if (rlen == 0) { drop(c); return; }
    if (c->len - off < 2 + rlen) break;
    /* a registered connection has nothing more to ask: ignore, as epmd */
    if (!c->reg && handle(c, c->buf + off + 2, rlen) < 0) { drop(c); return; }
    off += 2 + rlen;
  }
  memmove(c->buf, c->buf + off, c->len - off);
  c->len -= off;
}

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  session *c = (session *)h;
  /* read into the session's buffer: a request is at most 2 + 65535 bytes */
  size_t want = c->len + (size < 4096 ? size : 4096);
  if (want > 2 + 65535) want = 2 + 65535;
  if (want > c->cap) {
    unsigned char *g = realloc(c->buf, want);
    if (g) { c->buf = g; c->cap = want; }
  }
  buf->base = (char *)c->buf + c->len;
  buf->len = c->cap - c->len;
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf) {
  session *c = (session *)st;
  (void)buf;                     /* it is c->buf, see on_alloc */
  if (nread < 0) { drop(c); return; }   /* EOF, error, or ENOBUFS */
  if (nread == 0) return;
  c->len += (size_t)nread;
  c->active = uv_now(c->srv->loop);
  if (c->done) { c->len = 0; return; }
  consume(c);
}

static void on_connection(uv_stream_t *l, int status) {
  epmd_server *s = l->data;
  session *c;
  if (status < 0 || (c = calloc(1, sizeof *c)) == NULL) return;
  uv_tcp_init(s->loop, &c->tcp);
  c->srv = s;
  s->open++;
  if (uv_accept(l, (uv_stream_t *)&c->tcp) < 0 || s->nsessions >= MAX_SESSIONS) {
    uv_close((uv_handle_t *)&c->tcp, on_session_closed);
    return;
  }
  c->next = s->sessions;
  if (c->next) c->next->prev = c;
  s->sessions = c;
  s->nsessions++;
  c->active = uv_now(s->loop);
  if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) < 0) drop(c);
}

/* A client that connects and never finishes a request would hold its
** connection for ever; registered connections are meant to idle. */
static void on_sweep(uv_timer_t *t) {
  epmd_server *s = t->data;
  session *c, *next;
  uint64_t now = uv_now(s->loop);
  for (c = s->sessions; c; c = next) {
    next = c->next;
    if (c->reg == NULL && now - c->active > IDLE_MS) drop(c);
  }
}

/* ---- starting and stopping ---- */

static int listen_on(epmd_server *s, uv_tcp_t *l, const struct sockaddr *a,
                     unsigned flags) {
  int rc;
  uv_tcp_init(s->loop, l);
  l->data = s;
  s->open++;
  rc = uv_tcp_bind(l, a, flags);
  if (rc == 0) rc = uv_listen((uv_stream_t *)l, 128, on_connection);
  if (rc < 0) uv_close((uv_handle_t *)l, on_handle_closed);
  return rc;
}

epmd_server *epmd_server_start(uv_loop_t *loop, int port, epmd_log_fn log,
                               void *ud, char *err, size_t errlen) {
  epmd_server *s = calloc(1, sizeof *s);
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr_storage me;
  int rc, len = sizeof me;
  if (s == NULL) { snprintf(err, errlen, "out of memory"); return NULL; }
  s->loop = loop;
  s->log = log;
  s->ud = ud;
  /* start creations somewhere new each run, as epmd does, so that a node
  ** restarted under a restarted epmd still gets a creation it never had */
  if (uv_random(NULL, NULL, &s->creation, sizeof s->creation, 0, NULL) < 0)
    s->creation = (uint32_t)uv_hrtime();
  uv_ip4_addr("0.0.0.0", port, &a4);
  rc = listen_on(s, &s->l4, (const struct sockaddr *)&a4, 0);
  if (rc < 0) {
    snprintf(err, errlen, "cannot listen on port %d: %s", port, uv_strerror(rc));
    s->closing = 1;                       /* freed when l4 has closed */
    return NULL;
  }
  uv_tcp_getsockname(&s->l4, (struct sockaddr *)&me, &len);
  s->port = ntohs(((struct sockaddr_in *)&me)->sin_port);
  /* IPv6 too when the host has it; IPV6ONLY, since 0.0.0.0 has the rest */
  uv_ip6_addr("::", s->port, &a6);
  s->l6_on = listen_on(s, &s->l6, (const struct sockaddr *)&a6, UV_TCP_IPV6ONLY) == 0;
  uv_timer_init(loop, &s->sweep);
  s->sweep.data = s;
  s->open++;
  uv_timer_start(&s->sweep, on_sweep, SWEEP_MS, SWEEP_MS);
  uv_unref((uv_handle_t *)&s->sweep);     /* the listeners keep the loop alive */
  return s;
}

int epmd_server_port(const epmd_server *s) { return s->port; }
size_t epmd_server_count(const epmd_server *s) { return s->count; }

void epmd_server_on_kill(epmd_server *s, void (*fn)(void *ud), void *ud) {
  s->on_kill = fn;
  s->kill_ud = ud;
}

void epmd_server_close(epmd_server *s) {
  if (s->closing) return;
  s->closing = 1;
  while (s->sessions) drop(s->sessions);
  uv_close((uv_handle_t *)&s->l4, on_handle_closed);
  if (s->l6_on) uv_close((uv_handle_t *)&s->l6, on_handle_closed);
  uv_close((uv_handle_t *)&s->sweep, on_handle_closed);
}

/*
** epmd_client.c: the EPMD client. Three requests share one machine: resolve
** the host (uv_getaddrinfo), try its addresses in turn until one accepts,
** send the request, read the answer. A registration then keeps its
** connection, because epmd forgets a name when that connection closes; the
** other two are answered once and closed (epmd closes its side too).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "epmd.h"

enum { ALIVE2_REQ = 120, ALIVE2_RESP = 121, ALIVE2_X_RESP = 118,
       PORT_PLEASE2_REQ = 122, PORT2_RESP = 119, NAMES_REQ = 110 };
enum { K_ALIVE, K_PORT, K_NAMES };

/* A names answer longer than this is not from an epmd; stop reading. */
#define NAMES_MAX (1 << 20)
/* The largest request we send: ALIVE2_REQ with the longest name. */
#define OUT_MAX (2 + 13 + EPMD_MAX_NAME)

/* One request; a registration is the one that outlives its answer. */
struct epmd_reg {
  uv_loop_t *loop;
  int kind;
  int port;                     /* epmd's port */
  char host[256];
  char name[EPMD_MAX_NAME + 1];
  unsigned char out[OUT_MAX];
  size_t outlen;
  unsigned char *in;            /* what epmd answered so far */
  size_t inlen, incap;
  struct addrinfo *ai, *next;   /* the host's addresses, the next to try */
  int lasterr;                  /* why the last address failed */
  uv_getaddrinfo_t gai;
  uv_tcp_t tcp;
  uv_connect_t conn;
  uv_write_t wr;
  uv_timer_t timer;
  int open;                     /* handles not closed yet */
  int resolving;                /* a getaddrinfo is in flight */
  int tcp_on;                   /* tcp is initialised and not closing */
  int retry;                    /* when tcp has closed, try r->next */
  int registered;               /* ALIVE2 answered yes */
  int dead;                     /* nothing more for the user: free when idle */
  int in_cb;                    /* a user callback is running */
  union { epmd_reg_cb reg; epmd_port_cb port; epmd_names_cb names; } cb;
  void *ud;
};
typedef struct epmd_reg req;

static void try_next(req *r);

/* ---- small helpers ---- */

static void put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static unsigned get16(const unsigned char *p) { return (unsigned)(p[0] << 8 | p[1]); }
static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int epmd_parse_port(const char *s) {
  char *end;
  long v;
  if (s == NULL || *s < '0' || *s > '9') return -1;
  v = strtol(s, &end, 10);
  return (*end == 0 && v >= 1 && v <= 65535) ? (int)v : -1;
}

int epmd_default_port(void) {
  int p = epmd_parse_port(getenv("ERL_EPMD_PORT"));
  return p > 0 ? p : EPMD_DEFAULT_PORT;
}

/* ---- the life of a request ---- */

static void maybe_free(req *r) {
  if (!r->dead || r->open > 0 || r->resolving || r->in_cb) return;
  if (r->ai) uv_freeaddrinfo(r->ai);
  free(r->in);
  free(r);
}

static void on_closed(uv_handle_t *h) {
  req *r = h->data;
  r->open--;
  if (h == (uv_handle_t *)&r->tcp && r->retry && !r->dead) {
    r->retry = 0;
    try_next(r);
    return;
  }
  maybe_free(r);
}

static void close_tcp(req *r) {
  if (!r->tcp_on) return;
  r->tcp_on = 0;
  uv_close((uv_handle_t *)&r->tcp, on_closed);
}

/* Nothing more will reach the user: close everything, free when closed. */
static void end(req *r) {
  if (r->dead) return;
  r->dead = 1;
  if (!uv_is_closing((uv_handle_t *)&r->timer))
    uv_close((uv_handle_t *)&r->timer, on_closed);
  close_tcp(r);
  if (r->resolving) uv_cancel((uv_req_t *)&r->gai);
  maybe_free(r);
}

/* Delivers an error (node and names empty) and ends the request. */
static void fail(req *r, int status, const char *fmt, ...) {
  char err[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, sizeof err, fmt, ap);
  va_end(ap);
  end(r);
  r->in_cb = 1;
  switch (r->kind) {
    case K_ALIVE: r->cb.reg(r, status, 0, err, r->ud); break;
    case K_PORT: r->cb.port(status, NULL, err, r->ud); break;
    default: r->cb.names(status, NULL, 0, err, r->ud); break;
  }
  r->in_cb = 0;
  maybe_free(r);
}

static void fail_closed(req *r) {
  fail(r, EPMD_CLOSED, "epmd at %s port %d closed the connection without answering",
       r->host, r->port);
}

static void fail_garbage(req *r) {
  fail(r, EPMD_PROTOCOL, "what answers at %s port %d does not speak the EPMD "
       "protocol; is it an epmd?", r->host, r->port);
}

/* ---- parsing answers; eof says that no more bytes will come ---- */

static void alive_answer(req *r, int eof) {
  const unsigned char *p = r->in;
  size_t need;
  uint32_t creation;
  if (r->registered) {           /* later bytes mean nothing; EOF means lost */
    r->inlen = 0;
    if (eof)
      fail(r, EPMD_CLOSED, "epmd closed the registration of '%s'; other "
           "nodes can no longer find this node by name", r->name);
    return;
  }
  if (r->inlen == 0) { if (eof) fail_closed(r); return; }
  need = p[0] == ALIVE2_X_RESP ? 6 : p[0] == ALIVE2_RESP ? 4 : 0;
  if (need == 0) { fail_garbage(r); return; }
  if (r->inlen < need) { if (eof) fail_closed(r); return; }
  if (p[1] != 0) {
    fail(r, EPMD_TAKEN, "the name '%s' is already registered with epmd on "
         "this host", r->name);
    return;
  }
  creation = need == 6 ? get32(p + 2) : get16(p + 2);
  r->registered = 1;
  r->inlen = 0;
  uv_timer_stop(&r->timer);
  r->in_cb = 1;
  r->cb.reg(r, EPMD_OK, creation, NULL, r->ud);
  r->in_cb = 0;
  if (eof && !r->dead) alive_answer(r, 1);
  maybe_free(r);
}

/* PORT2_RESP: 119, result, then port, type, protocol, highest, lowest
** (10 bytes), the name and the extra field, each after a 16-bit length. */
static void port_answer(req *r, int eof) {
  const unsigned char *p = r->in;
  size_t n = r->inlen, nlen;
  epmd_node node;
  if (n >= 1 && p[0] != PORT2_RESP) { fail_garbage(r); return; }
  if (n >= 2 && p[1] != 0) {
    fail(r, EPMD_NOT_FOUND, "no node named '%s' on host '%s'", r->name, r->host);
    return;
  }
  if (n < 12) { if (eof) fail_closed(r); return; }
  nlen = get16(p + 10);
  /* wait for the name and the extra field, but accept an epmd that closes
  ** without them: the port is what matters */
  if (!eof && (n < 14 + nlen || n < 14 + nlen + get16(p + 12 + nlen))) return;
  node.name = r->name;
  node.port = (int)get16(p + 2);
  node.type = p[4];
  node.protocol = p[5];
  node.highest = (int)get16(p + 6);
  node.lowest = (int)get16(p + 8);
  end(r);
  r->in_cb = 1;
  r->cb.port(EPMD_OK, &node, NULL, r->ud);
  r->in_cb = 0;
  maybe_free(r);
}

/* One line "name NAME at port PORT"; others (an epmd's debug output) are
** skipped, as erl_epmd does. Cuts the line in place for the name. */
static int names_line(char *line, epmd_name *out) {
  char *at;
  long port;
  if (strncmp(line, "name ", 5) != 0) return 0;
  at = strstr(line + 5, " at port ");
  if (at == NULL || at == line + 5) return 0;
  port = strtol(at + 9, NULL, 10);
  if (port <= 0 || port > 65535) return 0;
  *at = 0;
  out->name = line + 5;
  out->port = (int)port;
  return 1;
}

/* NAMES_RESP: epmd's port (4 bytes), then lines, until epmd closes. */
static void names_answer(req *r, int eof) {
  epmd_name *names = NULL;
  size_t n = 0, cap = 0;
  char *text, *line, *nl;
  if (r->inlen > NAMES_MAX) { fail_garbage(r); return; }
  if (!eof) return;
  if (r->inlen < 4) { fail_closed(r); return; }
  text = malloc(r->inlen - 4 + 1);
  if (text == NULL) { fail(r, EPMD_CLOSED, "out of memory"); return; }
  memcpy(text, r->in + 4, r->inlen - 4);
  text[r->inlen - 4] = 0;
  for (line = text; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl == NULL) break;                 /* a cut line is not a name */
    *nl = 0;
    if (n == cap) {
      epmd_name *g = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *g);
      if (g == NULL) break;
      names = g;
    }
    if (names_line(line, &names[n])) n++;
  }
  end(r);
  r->in_cb = 1;
  r->cb.names(EPMD_OK, names, n, NULL, r->ud);
  r->in_cb = 0;
  free(names);
  free(text);
  maybe_free(r);
}

static void answer(req *r, int eof) {
  switch (r->kind) {
    case K_ALIVE: alive_answer(r, eof); break;
    case K_PORT: port_answer(r, eof); break;
    default: names_answer(r, eof); break;
  }
}

/* ---- libuv callbacks ---- */

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)h;
  buf->base = malloc(size);
  buf->len = buf->base ? size : 0;
}

static int append(req *r, const char *p, size_t n) {
  if (r->inlen + n > r->incap) {
    size_t cap = r->incap ? r->incap : 256;
    unsigned char *g;
    while (cap < r->inlen + n) cap *= 2;
    if ((g = realloc(r->in, cap)) == NULL) return -1;
    r->in = g;
    r->incap = cap;
  }
  memcpy(r->in + r->inlen, p, n);
  r->inlen += n;
  return 0;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  req *r = s->data;
  if (!r->dead) {
    if (nread > 0 && append(r, buf->base, (size_t)nread) == 0) answer(r, 0);
    else if (nread < 0) answer(r, 1);
  }
  free(buf->base);
}

/* A write that fails has lost the connection: the read side says so, with
** whatever epmd managed to answer first. */
static void on_write(uv_write_t *w, int status) {
  (void)w;
  (void)status;
}

static void on_connect(uv_connect_t *c, int status) {
  req *r = c->data;
  uv_buf_t b;
  if (r->dead || status == UV_ECANCELED) return;
  if (status < 0) {
    r->lasterr = status;
    r->next = r->next->ai_next;
    r->retry = 1;
    close_tcp(r);
    return;
  }
  b = uv_buf_init((char *)r->out, (unsigned)r->outlen);
  r->wr.data = r;
  if (uv_write(&r->wr, (uv_stream_t *)&r->tcp, &b, 1, on_write) < 0 ||
      uv_read_start((uv_stream_t *)&r->tcp, on_alloc, on_read) < 0)
    fail_closed(r);
}

static void try_next(req *r) {
  int rc;
  while (r->next && r->next->ai_family != AF_INET && r->next->ai_family != AF_INET6)
    r->next = r->next->ai_next;
  if (r->next == NULL) {
    fail(r, EPMD_UNREACHABLE, "cannot reach epmd at %s port %d: %s",
         r->host, r->port, uv_strerror(r->lasterr ? r->lasterr : UV_EADDRNOTAVAIL));
    return;
  }
  uv_tcp_init(r->loop, &r->tcp);
  r->tcp.data = r;
  r->open++;
  r->tcp_on = 1;
  r->conn.data = r;
  rc = uv_tcp_connect(&r->conn, &r->tcp, r->next->ai_addr, on_connect);
  if (rc < 0) {               /* this address will not do; the next may */
    r->lasterr = rc;
    r->next = r->next->ai_next;
    r->retry = 1;
    close_tcp(r);
  }
}

static void on_resolved(uv_getaddrinfo_t *g, int status, struct addrinfo *ai) {
  req *r = g->data;
  r->resolving = 0;
  if (r->dead) {
    if (ai) uv_freeaddrinfo(ai);
    maybe_free(r);
    return;
  }
  if (status < 0) {
    fail(r, EPMD_UNREACHABLE, "cannot find host '%s': %s", r->host, uv_strerror(status));
    return;
  }
  r->ai = r->next = ai;
  try_next(r);
}

static void on_timeout(uv_timer_t *t) {
  req *r = t->data;
  fail(r, EPMD_TIMEOUT, "epmd at %s port %d did not answer within %d seconds",
       r->host, r->port, EPMD_TIMEOUT_MS / 1000);
}

/* ---- starting a request ---- */

static req *req_new(uv_loop_t *loop, int kind, const char *host, int port,
                    const char *name, void *ud) {
  req *r;
  if (name && (name[0] == 0 || strlen(name) > EPMD_MAX_NAME)) return NULL;
  if (strlen(host) >= sizeof r->host) return NULL;
  if ((r = calloc(1, sizeof *r)) == NULL) return NULL;
  r->loop = loop;
  r->kind = kind;
  r->port = port;
  r->ud = ud;
  strcpy(r->host, host);
  if (name) strcpy(r->name, name);
  return r;
}

/* Resolves and connects; 0, or a libuv error and r is gone. */
static int req_start(req *r) {
  struct addrinfo hints;
  char service[8];
  int rc;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  snprintf(service, sizeof service, "%d", r->port);
  uv_timer_init(r->loop, &r->timer);
  r->timer.data = r;
  r->open++;
  uv_timer_start(&r->timer, on_timeout, EPMD_TIMEOUT_MS, 0);
  r->gai.data = r;
  rc = uv_getaddrinfo(r->loop, &r->gai, on_resolved, r->host, service, &hints);
  if (rc < 0) { end(r); return rc; }
  r->resolving = 1;
  return 0;
}

epmd_reg *epmd_register(uv_loop_t *loop, int epmd_port, const char *name,
                        int listen_port, int hidden, epmd_reg_cb cb, void *ud) {
  /* erl registers over 127.0.0.1; so do we, and so we find a real epmd too */
  req *r = req_new(loop, K_ALIVE, "127.0.0.1", epmd_port, name, ud);
  unsigned char *p;
  size_t nlen;
  if (r == NULL) return NULL;
  r->cb.reg = cb;
  nlen = strlen(name);
  p = r->out;
  put16(p, (unsigned)(13 + nlen));
  p[2] = ALIVE2_REQ;
  put16(p + 3, (unsigned)listen_port);
  p[5] = hidden ? EPMD_NODE_HIDDEN : EPMD_NODE_NORMAL;
  p[6] = 0;                                  /* protocol: TCP/IPv4 */
  put16(p + 7, 6);                           /* highest version */
  put16(p + 9, 5);                           /* lowest version */
  put16(p + 11, (unsigned)nlen);
  memcpy(p + 13, name, nlen);
  put16(p + 13 + nlen, 0);                   /* no extra field */
  r->outlen = 15 + nlen;
  return req_start(r) == 0 ? r : NULL;
}

void epmd_unregister(epmd_reg *r) {
  end(r);
}

int epmd_port_please(uv_loop_t *loop, const char *host, int epmd_port,
                     const char *name, epmd_port_cb cb, void *ud) {
  req *r = req_new(loop, K_PORT, host ? host : "localhost", epmd_port,
                   name ? name : "", ud);
  size_t nlen;
  if (r == NULL) return UV_EINVAL;
  r->cb.port = cb;
  nlen = strlen(name);
  put16(r->out, (unsigned)(1 + nlen));
  r->out[2] = PORT_PLEASE2_REQ;
  memcpy(r->out + 3, name, nlen);
  r->outlen = 3 + nlen;
  return req_start(r);
}

int epmd_names(uv_loop_t *loop, const char *host, int epmd_port,
               epmd_names_cb cb, void *ud) {
  req *r = req_new(loop, K_NAMES, host ? host : "localhost", epmd_port, NULL, ud);
  if (r == NULL) return UV_EINVAL;
  r->cb.names = cb;
  put16(r->out, 1);
  r->out[2] = NAMES_REQ;
  r->outlen = 3;
  return req_start(r);
}

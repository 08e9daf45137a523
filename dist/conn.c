/*
** conn.c: one connection to another node, on libuv. It looks the node up
** in its host's epmd, connects (or accepts), runs the handshake with
** 2-byte frames, then carries 4-byte frames: a zero-length one is a tick,
** any other a control message (and a message) for control.c. Writes are
** batched: frames queue in 'out' while a write is in flight and go out
** together, so a burst of sends costs a few syscalls, not one each.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <lauxlib.h>
#include "dist.h"
#include "etf.h"
#include "tls.h"

#define MAX_FRAME (64u << 20)    /* a bigger claimed length is a bad peer */
#define MAX_HS_FRAME 65535u      /* handshake messages are small */

static void flush(conn *c);
static void start_reading(conn *c);

/* ---- lifetime ---- */

/* A connection lives while its handles are open or a request of its
** (epmd lookup, getaddrinfo, connect) is in flight: each holds it. */
static void hold(conn *c) {
  c->handles++;
}

static void release(conn *c) {
  if (--c->handles > 0) return;
  dbuf_free(&c->in);
  dbuf_free(&c->out);
  dbuf_free(&c->wbuf);
  dbuf_free(&c->held);
  tls_free(c);
  free(c);
}

static void on_handle_closed(uv_handle_t *h) {
  release(h->data);
}

static void close_tcp(conn *c) {
  if (c->tcp_closed) return;
  c->tcp_closed = 1;
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
}

static conn *conn_new(dnode *d, int initiator, const char *peer) {
  conn *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->d = d;
  c->initiator = initiator;
  snprintf(c->peer, sizeof c->peer, "%s", peer);
  uv_tcp_init(d->loop, &c->tcp);
  uv_timer_init(d->loop, &c->tick);
  c->tcp.data = c->tick.data = c;
  c->handles = 2;
  c->waiters = LUA_NOREF;
  c->next = d->conns;
  d->conns = c;
  return c;
}

static void unlist(conn *c) {
  conn **pp;
  for (pp = &c->d->conns; *pp; pp = &(*pp)->next)
    if (*pp == c) { *pp = c->next; return; }
}

/* The connection to peer that carries what is sent to it: the one that is
** up, when there is one. Another may be in its handshake meanwhile (the
** peer opening a second connection: status "alive", or a simultaneous
** connect), and it may yet fail: what waited in it would be lost. */
conn *conn_find(dnode *d, const char *peer) {
  conn *c, *pending = NULL;
  for (c = d->conns; c; c = c->next) {
    if (c->state == C_CLOSING || strcmp(c->peer, peer) != 0) continue;
    if (c->state == C_UP) return c;
    if (pending == NULL) pending = c;
  }
  return pending;
}

/* Closes every connection to peer, up or on its way; how many there were. */
int conn_close_all(dnode *d, const char *peer, const char *why) {
  int n = 0;
  conn *c;
  while ((c = conn_find(d, peer)) != NULL) { conn_close(c, why); n++; }
  return n;
}

/* ---- the processes waiting to hear how it went ---- */

void conn_add_waiter(conn *c, lua_State *L, int pid) {
  pid = lua_absindex(L, pid);
  if (c->waiters == LUA_NOREF) {
    lua_newtable(L);
    c->waiters = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, c->waiters);
  lua_pushvalue(L, pid);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  lua_pop(L, 1);
}

static void tell_waiters(conn *c, int ok, const char *why) {
  lua_State *L = c->d->L;
  lua_Integer i, n;
  if (c->waiters == LUA_NOREF) return;
  lua_rawgeti(L, LUA_REGISTRYINDEX, c->waiters);
  n = (lua_Integer)lua_rawlen(L, -1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    vm_push_atom(L, "$dist_connect", 13);
    lua_pushstring(L, c->peer);
    lua_pushboolean(L, ok);
    if (why) lua_pushstring(L, why); else lua_pushnil(L);
    vm_push_tuple(L, 4);
    vm_deliver_to(L, -2, -1);
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  luaL_unref(L, LUA_REGISTRYINDEX, c->waiters);
  c->waiters = LUA_NOREF;
}

void conn_close(conn *c, const char *why) {
  int was_up = c->state == C_UP;
  if (c->state == C_CLOSING) return;
  c->state = C_CLOSING;
  if (why && !c->why[0]) snprintf(c->why, sizeof c->why, "%s", why);
  unlist(c);
  tell_waiters(c, 0, c->why[0] ? c->why : "the connection closed");
  if (!c->quiet && (was_up || c->initiator)) dist_nodedown(c->d, c, was_up);
  uv_close((uv_handle_t *)&c->tick, on_handle_closed);
  close_tcp(c);
}

/* c takes over what o, an attempt of ours to the same node, had: the
** processes waiting for it and the frames sent meanwhile (older first). */
static void adopt(conn *c, conn *o) {
  dbuf newer = c->held;
  if (o->waiters != LUA_NOREF) {
    if (c->waiters == LUA_NOREF) c->waiters = o->waiters;
    else {
      lua_State *L = c->d->L;
      lua_Integer i, n;
      lua_rawgeti(L, LUA_REGISTRYINDEX, o->waiters);
      n = (lua_Integer)lua_rawlen(L, -1);
      for (i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        conn_add_waiter(c, L, -1);
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
      luaL_unref(L, LUA_REGISTRYINDEX, o->waiters);
    }
    o->waiters = LUA_NOREF;
  }
  c->held = o->held;
  memset(&o->held, 0, sizeof o->held);
  dbuf_add(&c->held, newer.p, newer.len);
  dbuf_free(&newer);
  o->quiet = 1;
  conn_close(o, "superseded");
}

/* ---- writing ---- */

static void on_written(uv_write_t *req, int status) {
  conn *c = req->data;
  c->writing = 0;
  c->wbuf.len = 0;
  if (status < 0) { conn_close(c, uv_strerror(status)); return; }
  flush(c);
}

/* Writes what waits in out, or with TLS what out sealed to. */
static void flush(conn *c) {
  dbuf t, *src = &c->out;
  uv_buf_t b;
  int n;
  if (c->writing || c->state == C_CLOSING) return;
  if (c->ssl) {
    src = &c->tls_out;
    if (tls_seal(c, src) != 0) { conn_close(c, "out of memory"); return; }
  }
  if (src->len == 0) return;
  /* Most writes fit in the socket at once: try that first, which spares
  ** uv_write's queueing (an epoll_ctl and a wake-up) for each message. */
  b = uv_buf_init((char *)src->p, (unsigned)src->len);
  n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  if (n > 0) {
    c->wrote_since_tick = 1;
    dbuf_consume(src, (size_t)n);
    if (src->len == 0) return;
  } else if (n < 0 && n != UV_EAGAIN) {
    conn_close(c, uv_strerror(n));
    return;
  }
  t = c->wbuf; c->wbuf = *src; *src = t;         /* swap: src keeps filling */
  b = uv_buf_init((char *)c->wbuf.p, (unsigned)c->wbuf.len);
  c->writing = 1;
  c->wreq.data = c;
  c->wrote_since_tick = 1;
  if (uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, on_written) < 0) {
    c->writing = 0;
    conn_close(c, "cannot write to the connection");
  }
}

/* Frames sent while processes run are written together, once per turn of
** the loop, just before it polls: a burst of sends is one write, and a
** lone message still leaves at once. */
static void on_prepare(uv_prepare_t *h) {
  dnode *d = h->data;
  conn *c;
  uv_prepare_stop(h);
  for (c = d->conns; c; c = c->next)
    if (c->dirty) { c->dirty = 0; flush(c); }
}

static void want_flush(conn *c) {
  dnode *d = c->d;
  if (c->dirty) return;
  c->dirty = 1;
  if (!d->flusher_on) {
    uv_prepare_init(d->loop, &d->flusher);
    d->flusher.data = d;
    d->flusher_on = 1;
  }
  uv_prepare_start(&d->flusher, on_prepare);
}

/* One frame: 4-byte length, pass-through type 112, the control tuple (of
** the n values on top of L, popped), the message (msg, or 0 for none).
** Before the handshake is done it waits in 'held'. 0, or -1 with the
** encoder's sentence on L. */
int conn_send(conn *c, lua_State *L, int n, int msg) {
  dbuf *b = c->state == C_UP ? &c->out : &c->held;
  size_t at = b->len;
  if (c->state == C_CLOSING) { lua_pop(L, n); return 0; }
  dbuf_u32(b, 0);
  dbuf_u8(b, 112);
  if (etf_encode_frame(L, n, msg, b) != 0) {
    b->len = at;
    return -1;
  }
  put_u32(b->p + at, (uint32_t)(b->len - at - 4));
  if (c->state == C_UP) want_flush(c);
  return 0;
}

/* ---- ticks: silence for ticktime seconds means the node is gone ---- */

static void on_tick(uv_timer_t *t) {
  conn *c = t->data;
  uint64_t limit = (uint64_t)c->d->ticktime * 1000;
  if (uv_now(c->d->loop) - c->last_in > limit) {
    conn_close(c, "net_tick_timeout");
    return;
  }
  if (!c->wrote_since_tick) {
    dbuf_u32(&c->out, 0);         /* a tick: an empty frame */
    flush(c);
  }
  c->wrote_since_tick = 0;
}

/* ---- the handshake's outcome ---- */

static void up(conn *c) {
  dnode *d = c->d;
  conn *o;
  c->state = C_UP;
  snprintf(c->peer, sizeof c->peer, "%s", c->h.peer);
  /* Another one to this node: an attempt of ours that lost (or is still
  ** on its way) hands this one what it holds; one that was up is gone (the
  ** peer answered true to "alive": it restarted, or lost it), and with it
  ** what crossed it: nodedown first, as OTP's net_kernel does. */
  for (o = d->conns; o; o = o->next)
    if (o != c && o->state != C_CLOSING && strcmp(o->peer, c->peer) == 0) {
      if (o->state == C_UP) conn_close(o, "replaced by a new connection from the node");
      else adopt(c, o);
      break;
    }
  c->flags = c->h.my_flags & c->h.peer_flags;
  /* hidden when either end is: a hidden node lists its peers as hidden
     and is told of none by a plain monitor_nodes, as OTP's */
  c->hidden = d->hidden || !(c->h.peer_flags & DFLAG_PUBLISHED);
  c->node = vm_node_index(d->L, c->peer);
  c->last_in = uv_now(d->loop);
  uv_timer_start(&c->tick, on_tick, (uint64_t)d->ticktime * 250,
                 (uint64_t)d->ticktime * 250);
  dbuf_add(&c->out, c->held.p, c->held.len);
  dbuf_free(&c->held);
  flush(c);
  tell_waiters(c, 1, NULL);
  dist_nodeup(d, c);
}

/* Our attempt lost a simultaneous connect: wait (a while) for the peer's
** connection to us, which will take over. */
static void on_wait_timeout(uv_timer_t *t) {
  conn_close(t->data, "the simultaneous connection never came");
}

static void handshake_failed(conn *c) {
  dnode *d = c->d;
  char line[900];
  if (c->h.nok) {
    c->state = C_WAITING;
    close_tcp(c);
    uv_timer_start(&c->tick, on_wait_timeout, 10000, 0);
    return;
  }
  if (c->h.cookie_failed) {      /* as erl logs it: name the node */
    snprintf(line, sizeof line, "** connection %s %s refused: %s (check the "
             "cookies: node.get_cookie() / --cookie)\n",
             c->initiator ? "to" : "from", c->h.peer, c->h.error);
    vm_write(d->v, line, strlen(line));
  }
  conn_close(c, c->h.error);
}

/* A connection that failed for c->why before its handshake could tell the
** other side: an incoming one is said on this node's terminal, as a wrong
** cookie is; what is queued goes first (a TLS alert that says why). */
static void refuse(conn *c) {
  char line[400];
  if (!c->initiator) {
    snprintf(line, sizeof line, "** connection refused: %.300s\n", c->why);
    vm_write(c->d->v, line, strlen(line));
  }
  flush(c);
  conn_close(c, c->why);
}

/* A TLS record (22, handshake; version 3.x) where a plain node waits for
** a handshake message: the other node uses TLS distribution, this one
** does not. */
static int speaks_tls(conn *c) {
  if (c->ssl || c->in.len < 2 || c->in.p[0] != 22 || c->in.p[1] != 3) return 0;
  snprintf(c->why, sizeof c->why, "the other node uses TLS distribution and this "
           "one does not (start every node with --tls-certfile, or none)");
  refuse(c);
  return 1;
}

static int handshake_frames(conn *c) {
  size_t head = c->h.len4 ? 4 : 2;
  if (speaks_tls(c)) return -1;
  while (c->state == C_HANDSHAKE && c->in.len >= head) {
    size_t n = head == 4 ? get_u32(c->in.p) : get_u16(c->in.p);
    int r;
    if (n > MAX_HS_FRAME) { conn_close(c, "the peer sent an oversized handshake message"); return -1; }
    if (c->in.len < head + n) break;
    r = hs_message(&c->h, c->in.p + head, n, &c->out);
    dbuf_consume(&c->in, head + n);
    flush(c);
    if (r == HS_FAIL) { handshake_failed(c); return -1; }
    if (r == HS_DONE) up(c);
  }
  return 0;
}

static void data_frames(conn *c) {
  size_t at = 0;
  while (c->state == C_UP && c->in.len - at >= 4) {
    uint32_t n = get_u32(c->in.p + at);
    if (n > MAX_FRAME) { conn_close(c, "the peer sent an oversized frame"); return; }
    if (c->in.len - at < 4 + (size_t)n) break;
    if (n > 0 && control_dispatch(c, c->d->L, c->in.p + at + 4, n) != 0) {
      conn_close(c, "the peer sent a malformed message");
      return;
    }
    at += 4 + (size_t)n;
  }
  if (c->state != C_CLOSING) dbuf_consume(&c->in, at);
}

/* ---- reading ---- */

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  conn *c = h->data;
  (void)hint;
  if (dbuf_reserve(&c->in, 65536) != 0) { b->base = NULL; b->len = 0; return; }
  b->base = (char *)c->in.p + c->in.len;
  b->len = c->in.cap - c->in.len;
}

/* After a message arrives the answer often follows within microseconds:
** keep polling (an active idle handle makes the loop poll without
** sleeping) for SPIN_NS, rather than sleep and pay the wake-up. After
** YIELD_NS of it, each turn also gives the CPU away (sched_yield), so
** that a peer sharing this CPU can answer meanwhile.
** Measured with make bench on this 2-core VM (medians of three, ours
** against the BEAM's in the same run). Quiet machine: this gave 40 k round
** trips/s (BEAM 23 k), 1.1 M one-way messages/s (0.17 M) and 20-21 k rpc
** calls/s (19.5-20 k); 20 us of polling alone, 20 k round trips and 15 k
** rpc calls (an rpc's answer often takes longer); 100 us without the
** yield, 31 k and 22 k; 100 us yielding from the start, 34 k and 18-19 k.
** Every node of the run on one CPU (taskset -c 0): rpc 10-15 k/s (BEAM
** 13-16 k) against 8-12 k for 100 us yielding from the start; without
** any yield, 100 us gave 2-5 k round trips/s (20 us: 10-20 k). */
#define YIELD_NS 20000
#define SPIN_NS 100000

static void on_spin(uv_idle_t *h) {
  dnode *d = h->data;
  uint64_t since = uv_hrtime() - d->last_read_ns;
  if (since > SPIN_NS) uv_idle_stop(h);
  else if (since > YIELD_NS) sched_yield();
}

static void spin(dnode *d) {
  d->last_read_ns = uv_hrtime();
  if (!d->spinner_on) {
    uv_idle_init(d->loop, &d->spinner);
    d->spinner.data = d;
    d->spinner_on = 1;
  }
  if (!uv_is_active((uv_handle_t *)&d->spinner)) uv_idle_start(&d->spinner, on_spin);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  conn *c = s->data;
  (void)b;
  if (n < 0) {
    if (c->ssl && tls_hangup_reason(c)) { conn_close(c, c->why); return; }
    if (c->state == C_HANDSHAKE && hs_hangup_reason(&c->h)) {
      handshake_failed(c);
      return;
    }
    conn_close(c, n == UV_EOF ? "the peer closed the connection" : uv_strerror((int)n));
    return;
  }
  if (c->ssl) {              /* what was read is sealed: OpenSSL opens it */
    if (tls_feed(c, c->in.p + c->in.len, (size_t)n) != 0) { refuse(c); return; }
    flush(c);                /* the TLS handshake's answers, if any */
  } else c->in.len += (size_t)n;
  c->last_in = uv_now(c->d->loop);
  spin(c->d);
  if (c->state == C_HANDSHAKE && handshake_frames(c) != 0) return;
  if (c->state == C_UP) data_frames(c);
}

static void start_reading(conn *c) {
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

/* ---- the handshake's questions, answered by this node ---- */

static const char *hs_cookie(void *ud, const char *peer, int out) {
  conn *c = ud;
  (void)out;
  return dist_cookie_for(c->d, peer);
}

/* Another connection to the same node: the protocol's simultaneous
** connect rule (the greater name keeps its own attempt) or "alive". */
static const char *hs_status(void *ud, const char *peer) {
  conn *c = ud, *o;
  snprintf(c->peer, sizeof c->peer, "%s", peer);
  if (dist_is_cut(c->d, peer)) { c->peer[0] = 0; return "not_allowed"; }
  for (o = c->d->conns; o; o = o->next) {
    if (o == c || o->state == C_CLOSING || strcmp(o->peer, peer) != 0) continue;
    if (o->state == C_UP) return "alive";
    if (o->state == C_WAITING) return "ok";      /* up() adopts it */
    if (strcmp(c->d->name, peer) > 0) { c->peer[0] = 0; return "nok"; }
    adopt(c, o);                                 /* ours gives way */
    return "ok_simultaneous";
  }
  return "ok";
}

static void begin_handshake(conn *c) {
  dnode *d = c->d;
  hs_ops ops;
  uint64_t flags = DFLAGS_OURS | (d->hidden ? 0 : DFLAG_PUBLISHED);
  ops.ud = c;
  ops.cookie = hs_cookie;
  ops.status = hs_status;
  hs_init(&c->h, c->initiator, d->name, c->initiator ? c->peer : NULL,
          flags, d->creation, &ops);
  c->h.len4 = d->tls_server != NULL;
  c->state = C_HANDSHAKE;
  c->last_in = uv_now(d->loop);
  if (tls_attach(c) != 0) { conn_close(c, c->why); return; }
  if (c->initiator) hs_start(&c->h, &c->out);
  flush(c);
  start_reading(c);
}

/* ---- accepting ---- */

void conn_accept(dnode *d, uv_stream_t *server) {
  conn *c = conn_new(d, 0, "");
  if (c == NULL) return;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) { conn_close(c, "accept failed"); return; }
  uv_tcp_nodelay(&c->tcp, 1);
  begin_handshake(c);
}

/* ---- connecting: epmd, then the address, then TCP ---- */

typedef struct connect_req {
  uv_connect_t req;
  uv_getaddrinfo_t gai;
  conn *c;
  int port;
} connect_req;

static void on_connected(uv_connect_t *req, int status) {
  connect_req *r = req->data;
  conn *c = r->c;
  free(r);
  if (c->state == C_CLOSING) { release(c); return; }
  release(c);
  if (status < 0) {
    char why[600];
    snprintf(why, sizeof why, "cannot reach %s: %s", c->peer, uv_strerror(status));
    conn_close(c, why);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  begin_handshake(c);
}

static void on_address(uv_getaddrinfo_t *gai, int status, struct addrinfo *res) {
  connect_req *r = gai->data;
  conn *c = r->c;
  int closing = c->state == C_CLOSING;
  release(c);               /* the lookup's hold; c may be gone if closing */
  if (closing) {
    if (res) uv_freeaddrinfo(res);
    free(r);
    return;
  }
  if (status < 0 || res == NULL) {
    char why[600];
    snprintf(why, sizeof why, "cannot resolve the host of %s", c->peer);
    if (res) uv_freeaddrinfo(res);
    free(r);
    conn_close(c, why);
    return;
  }
  ((struct sockaddr_in *)res->ai_addr)->sin_port = htons((uint16_t)r->port);
  r->req.data = r;
  c->state = C_CONNECTING;
  hold(c);
  if (uv_tcp_connect(&r->req, &c->tcp, res->ai_addr, on_connected) != 0) {
    free(r);
    release(c);
    conn_close(c, "cannot connect");
  }
  uv_freeaddrinfo(res);
}

static void on_port(int status, const epmd_node *node, const char *err, void *ud) {
  connect_req *r = ud;
  conn *c = r->c;
  struct addrinfo hints;
  const char *host;
  if (c->state == C_CLOSING) { free(r); release(c); return; }
  release(c);
  host = strchr(c->peer, '@') + 1;
  if (status != EPMD_OK) {
    char why[900];
    if (status == EPMD_NOT_FOUND)
      snprintf(why, sizeof why, "no node named '%.*s' is registered with epmd "
               "on %s", (int)(host - 1 - c->peer), c->peer, host);
    else snprintf(why, sizeof why, "host %s unreachable: %s", host, err);
    free(r);
    conn_close(c, why);
    return;
  }
  r->port = node->port;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  r->gai.data = r;
  hold(c);
  if (uv_getaddrinfo(c->d->loop, &r->gai, on_address, host, NULL, &hints) != 0) {
    free(r);
    release(c);
    conn_close(c, "cannot resolve the host");
  }
}

/* Starts connecting to peer ("name@host", checked by the caller), or
** returns the connection that exists. */
conn *conn_connect(dnode *d, const char *peer) {
  conn *c = conn_find(d, peer);
  connect_req *r;
  const char *at = strchr(peer, '@');
  char alive[256];
  if (c) return c;
  if (dist_is_cut(d, peer)) return NULL;       /* a split on purpose */
  c = conn_new(d, 1, peer);
  if (c == NULL) return NULL;
  c->node = vm_node_index(d->L, peer);
  r = calloc(1, sizeof *r);
  if (r == NULL) { conn_close(c, "out of memory"); return c; }
  r->c = c;
  c->state = C_LOOKUP;
  snprintf(alive, sizeof alive, "%.*s", (int)(at - peer), peer);
  hold(c);
  if (epmd_port_please(d->loop, at + 1, d->epmd_port, alive, on_port, r) != 0) {
    free(r);
    release(c);
    conn_close(c, "cannot ask epmd");
  }
  return c;
}

/*
** node.c: this node in the cluster, net_kernel's part: its name and
** cookie, the listening socket, registration with epmd (starting the
** embedded one if none runs), node up/down and their monitors, and the
** C half of the Lua `node` module (the Lua half is dist/lua/node.lua).
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lauxlib.h>
#include <openssl/rand.h>
#include "dist.h"
#include "tls.h"

static const char dnode_key = 0;   /* registry key of the dnode pointer */

dnode *dist_of(lua_State *L) {
  dnode *d;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &dnode_key);
  d = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return d;
}

/* ---- cookies ---- */

const char *dist_cookie_for(dnode *d, const char *peer) {
  const char *c;
  lua_rawgeti(d->L, LUA_REGISTRYINDEX, d->cookies);
  lua_getfield(d->L, -1, peer);
  c = lua_tostring(d->L, -1);       /* kept alive by the cookies table */
  lua_pop(d->L, 2);
  return c ? c : d->cookie;
}

/* ~/.erlang.cookie, made (20 capitals, mode 0400) when missing, refused
** when others may read it, as erl does. */
static int read_cookie_file(char *out, size_t n, char *err, size_t errn) {
  const char *home = getenv("HOME");
  char path[4096];
  struct stat st;
  FILE *f;
  size_t len;
  snprintf(path, sizeof path, "%s/.erlang.cookie", home ? home : ".");
  if (stat(path, &st) != 0) {
    unsigned char r[20];
    int fd, i;
    RAND_bytes(r, sizeof r);
    for (i = 0; i < 20; i++) out[i] = (char)('A' + r[i] % 26);
    out[20] = 0;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0400);
    if (fd < 0 || write(fd, out, 20) != 20) {
      snprintf(err, errn, "cannot create the cookie file %s: %s", path, strerror(errno));
      if (fd >= 0) close(fd);
      return -1;
    }
    close(fd);
    return 0;
  }
  if (st.st_mode & 077) {
    snprintf(err, errn, "the cookie file %s can be read by other users; "
             "make it private with: chmod 400 %s", path, path);
    return -1;
  }
  f = fopen(path, "r");
  if (f == NULL || fgets(out, (int)n, f) == NULL) {
    snprintf(err, errn, "cannot read the cookie file %s", path);
    if (f) fclose(f);
    return -1;
  }
  fclose(f);
  len = strcspn(out, "\r\n");
  out[len] = 0;
  return 0;
}

/* ---- names ---- */

static int valid_alive(const char *s, size_t n) {
  size_t i;
  if (n == 0 || n > EPMD_MAX_NAME) return 0;
  for (i = 0; i < n; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-')) return 0;
  return 1;
}

/* Fills d->name and d->host from "alice" or "alice@host". */
static int make_name(dnode *d, const char *name, int longnames, char *err,
                     size_t errn) {
  const char *at = strchr(name, '@');
  char host[200];
  size_t alen = at ? (size_t)(at - name) : strlen(name);
  if (!valid_alive(name, alen)) {
    snprintf(err, errn, "'%s' is not a node name: use letters, digits, _ and - "
             "before the @, as in alice or alice@host", name);
    return -1;
  }
  if (at) snprintf(host, sizeof host, "%s", at + 1);
  else if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "localhost");
  if (!longnames) {
    if (at && strchr(host, '.')) {
      snprintf(err, errn, "--sname takes a short host name, and '%s' has dots; "
               "use --name %s for long names", host, name);
      return -1;
    }
    host[strcspn(host, ".")] = 0;
  } else if (!strchr(host, '.')) {
    snprintf(err, errn, "--name needs a host with dots (a full name or an IP "
             "address), as in %.*s@127.0.0.1", (int)alen, name);
    return -1;
  }
  snprintf(d->host, sizeof d->host, "%s", host);
  snprintf(d->name, sizeof d->name, "%.*s@%s", (int)alen, name, host);
  d->longnames = longnames;
  return 0;
}

/* Short names mix only with short ones: the host part tells which. */
const char *dist_check_peer(dnode *d, const char *peer) {
  const char *at = strchr(peer, '@');
  int peer_long;
  if (at == NULL || at == peer || !at[1]) return "a node name looks like name@host";
  peer_long = strchr(at + 1, '.') != NULL;
  if (peer_long != d->longnames)
    return d->longnames
      ? "this node has a long name (--name) and that one a short name: the two kinds cannot connect"
      : "this node has a short name (--sname) and that one a long name: the two kinds cannot connect";
  return NULL;
}

/* ---- node up, node down ---- */

/* Pushes tuple(tag, node), or with a type ("visible", "hidden")
** tuple(tag, node, {{node_type, type}}), the message of
** net_kernel:monitor_nodes/2 with a node_type option. */
static void push_event(lua_State *L, const char *tag, const char *node,
                       const char *type) {
  vm_push_atom(L, tag, strlen(tag));
  lua_pushstring(L, node);
  if (type) {
    lua_createtable(L, 1, 0);
    vm_push_atom(L, "node_type", 9);
    vm_push_atom(L, type, strlen(type));
    vm_push_tuple(L, 2);
    lua_rawseti(L, -2, 1);
  }
  vm_push_tuple(L, type ? 3 : 2);
}

/* Sends it to every pid in the table at t (pid -> count), one message per
** subscription, as OTP: a pid that called monitor_node (or monitor_nodes)
** twice gets two. */
static void notify(lua_State *L, int t, const char *tag, const char *node,
                   const char *type) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_Integer times = lua_tointeger(L, -1);
    lua_pop(L, 1);
    for (; times > 0; times--) {
      push_event(L, tag, node, type);
      vm_deliver_to(L, -2, -1);
      lua_pop(L, 1);
    }
  }
}

/* monitor_nodes' subscribers, d->node_monitors: kind -> {pid -> count}.
** "plain" (no option) hears of visible nodes only, in 2-tuples; "visible",
** "hidden" and "all" (the node_type option) in 3-tuples that name the
** type. A connection is hidden when either end is, so a hidden node's
** plain subscribers hear of nothing, as in OTP. */
static const char *const node_kinds[] = {"plain", "visible", "hidden", "all", NULL};

static void notify_nodes(dnode *d, conn *c, const char *tag) {
  lua_State *L = d->L;
  const char *type = c->hidden ? "hidden" : "visible";
  int i, t;
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->node_monitors);
  t = lua_gettop(L);
  for (i = 0; node_kinds[i]; i++) {
    const char *k = node_kinds[i];
    int plain = i == 0;
    if (plain ? c->hidden : strcmp(k, "all") != 0 && strcmp(k, type) != 0) continue;
    if (lua_getfield(L, t, k) == LUA_TTABLE)
      notify(L, lua_gettop(L), tag, c->peer, plain ? NULL : type);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void dist_nodeup(dnode *d, conn *c) {
  lua_State *L = d->L;
  int top = lua_gettop(L);
  notify_nodes(d, c, "nodeup");
  lua_getglobal(L, "_dist_nodeup");       /* the mesh, in dist/lua/node.lua */
  if (lua_isfunction(L, -1)) {
    lua_pushstring(L, c->peer);
    lua_pushboolean(L, c->hidden);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) lua_pop(L, 1);
  }
  lua_settop(L, top);
}

/* The connection is gone, or (was_up 0) never came up: links and monitors
** that crossed to the node fire, and the node's monitors are told. */
void dist_nodedown(dnode *d, conn *c, int was_up) {
  lua_State *L = d->L;
  int top = lua_gettop(L);
  vm_node_down(L, c->node);
  if (was_up) notify_nodes(d, c, "nodedown");
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->one_monitors);  /* node.monitor: once */
  if (lua_getfield(L, -1, c->peer) == LUA_TTABLE) {
    notify(L, lua_gettop(L), "nodedown", c->peer, NULL);
    lua_pushnil(L);
    lua_setfield(L, -3, c->peer);
  }
  lua_settop(L, top);
}

/* ---- starting: listen, register with epmd (starting ours if need be) ---- */

static void on_incoming(uv_stream_t *server, int status) {
  dnode *d = server->data;
  if (status == 0) conn_accept(d, server);
}

static int listen_on(dnode *d, char *err, size_t errn) {
  struct sockaddr_in a;
  int port, lo = d->port_min, hi = d->port_max ? d->port_max : d->port_min;
  d->listener = malloc(sizeof *d->listener);
  if (d->listener == NULL) { snprintf(err, errn, "out of memory"); return -1; }
  uv_tcp_init(d->loop, d->listener);
  d->listener->data = d;
  d->listening = 1;
  for (port = lo; port <= hi; port++) {
    struct sockaddr_storage got;
    int len = sizeof got;
    uv_ip4_addr("0.0.0.0", port, &a);
    if (uv_tcp_bind(d->listener, (struct sockaddr *)&a, 0) != 0) continue;
    if (uv_listen((uv_stream_t *)d->listener, 128, on_incoming) != 0) continue;
    uv_tcp_getsockname(d->listener, (struct sockaddr *)&got, &len);
    d->port = ntohs(((struct sockaddr_in *)&got)->sin_port);
    return 0;
  }
  snprintf(err, errn, "no free port to listen on between %d and %d", lo, hi);
  return -1;
}

static void start_done(dnode *d, const char *err) {
  d->st_done = 1;
  if (err) { d->st_failed = 1; snprintf(d->st_err, sizeof d->st_err, "%s", err); }
  if (d->st_then) d->st_then(d, err);
}

static void registered(epmd_reg *r, int status, uint32_t creation,
                       const char *err, void *ud);

static void do_register(dnode *d) {
  char alive[256];
  snprintf(alive, sizeof alive, "%.*s", (int)(strchr(d->name, '@') - d->name), d->name);
  d->reg = epmd_register(d->loop, d->epmd_port, alive, d->port, d->hidden,
                         registered, d);
  if (d->reg == NULL) start_done(d, "cannot register with epmd");
}

/* No epmd listens: start ours as a daemon, as erl does, then register.
** If ours could not start, another node may have started one a moment
** before (its port was taken): register all the same; a second failure to
** reach epmd is final (st_tries). */
static void on_epmd_started(uv_process_t *p, int64_t status, int sig) {
  dnode *d = p->data;
  (void)status; (void)sig;
  uv_close((uv_handle_t *)p, (uv_close_cb)free);
  do_register(d);
}

static int start_epmd(dnode *d) {
  char exe[4096], port[16];
  size_t n = sizeof exe;
  char *args[6];
  uv_process_options_t o;
  uv_process_t *p = calloc(1, sizeof *p);
  if (p == NULL || uv_exepath(exe, &n) != 0) { free(p); return -1; }
  snprintf(port, sizeof port, "%d", d->epmd_port);
  args[0] = exe; args[1] = "--epmd"; args[2] = "--daemon";
  args[3] = "--epmd-port"; args[4] = port; args[5] = NULL;
  memset(&o, 0, sizeof o);
  o.file = exe;
  o.args = args;
  o.exit_cb = on_epmd_started;
  p->data = d;
  if (uv_spawn(d->loop, p, &o) != 0) {
    /* the handle joined the loop even so: freed when closed, not before */
    uv_close((uv_handle_t *)p, (uv_close_cb)free);
    return -1;
  }
  return 0;
}

static void registered(epmd_reg *r, int status, uint32_t creation,
                       const char *err, void *ud) {
  dnode *d = ud;
  (void)r;
  if (status != EPMD_OK) d->reg = NULL;   /* an error ends the registration */
  if (d->st_done) return;                 /* later: epmd dropped us */
  if (status == EPMD_UNREACHABLE && d->st_tries++ == 0 && start_epmd(d) == 0)
    return;
  if (status == EPMD_UNREACHABLE && d->st_tries > 1) {
    char why[300];
    snprintf(why, sizeof why, "no epmd answers on port %d and the embedded "
             "one could not start there (%s)", d->epmd_port, err);
    start_done(d, why);
    return;
  }
  if (status != EPMD_OK) { start_done(d, err); return; }
  d->creation = creation;
  d->alive = 1;
  vm_set_node_name(d->v, d->name, creation);
  control_install(d);
  lua_getglobal(d->L, "_dist_started");    /* user and net_kernel */
  if (lua_pcall(d->L, 0, 0, 0) != LUA_OK) lua_pop(d->L, 1);
  start_done(d, NULL);
}

/* Begins starting; the outcome comes to d->st_then (and st_done). */
static int start(dnode *d, const dist_opts *o, char *err, size_t errn) {
  if (d->alive) { snprintf(err, errn, "this node is already %s", d->name); return -1; }
  if (make_name(d, o->name, o->longnames, err, errn) != 0) return -1;
  if (o->cookie) snprintf(d->cookie, sizeof d->cookie, "%s", o->cookie);
  else if (read_cookie_file(d->cookie, sizeof d->cookie, err, errn) != 0) return -1;
  d->hidden = o->hidden;
  d->epmd_port = o->epmd_port ? o->epmd_port : epmd_default_port();
  d->port_min = o->port_min;
  d->port_max = o->port_max;
  d->ticktime = o->ticktime > 0 ? o->ticktime : 60;
  if (tls_configure(d, o, err, errn) != 0) return -1;
  d->st_done = d->st_failed = d->st_tries = 0;
  d->st_err[0] = 0;
  if (!d->listening && listen_on(d, err, errn) != 0) return -1;
  do_register(d);
  return 0;
}

int dist_start_blocking(dnode *d, const dist_opts *o, char *err, size_t n) {
  d->st_then = NULL;
  if (start(d, o, err, n) != 0) return -1;
  while (!d->st_done && uv_run(d->loop, UV_RUN_ONCE)) {}
  if (d->st_done && !d->st_failed) return 0;
  snprintf(err, n, "%s", d->st_err[0] ? d->st_err : "cannot start distribution");
  return -1;
}

/* ---- stopping ---- */

static void stop(dnode *d) {
  conn *c;
  while ((c = d->conns) != NULL) conn_close(c, "the node stopped");
  if (d->reg) { epmd_unregister(d->reg); d->reg = NULL; }
  if (d->listening) {              /* freed once closed: start makes anew */
    uv_close((uv_handle_t *)d->listener, (uv_close_cb)free);
    d->listener = NULL;
    d->listening = 0;
  }
  if (d->alive) {
    d->alive = 0;
    vm_set_node_name(d->v, "nonode@nohost", 0);
    vm_set_dist(d->v, NULL);
  }
}

void dist_close(dnode *d) {
  if (d == NULL) return;
  stop(d);
  if (d->flusher_on) {             /* kept across stop and start till now */
    uv_close((uv_handle_t *)&d->flusher, NULL);
    d->flusher_on = 0;
  }
  if (d->spinner_on) {
    uv_close((uv_handle_t *)&d->spinner, NULL);
    d->spinner_on = 0;
  }
  snprintf(d->cookie, sizeof d->cookie, "nocookie");
  tls_unconfigure(d);
}

/* ---- the C half of the node module ---- */

static dnode *alive_node(lua_State *L) {
  dnode *d = dist_of(L);
  if (!d->alive)
    luaL_error(L, "this node is not distributed: start repl with --sname "
               "name (or call node.start(\"name\"))");
  return d;
}

static const char *check_peer(lua_State *L, dnode *d, int idx) {
  size_t n;
  const char *peer = vm_atom_name(L, idx, &n);
  const char *bad;
  if (peer == NULL) peer = luaL_checkstring(L, idx);
  if ((bad = dist_check_peer(d, peer)) != NULL)
    luaL_error(L, "cannot connect to %s: %s", peer, bad);
  return peer;
}

/* _dist.connect(n): true when connected, or false and the caller waits for
** {'$dist_connect', n, ok, why}; nil and why when n cannot be a peer. */
static int l_connect(lua_State *L) {
  dnode *d = dist_of(L);
  const char *peer, *bad;
  conn *c;
  vm_proc *self = vm_current(d->v);
  if (!d->alive) {
    lua_pushnil(L);
    lua_pushliteral(L, "this node is not distributed: start repl with --sname name");
    return 2;
  }
  peer = luaL_checkstring(L, 1);
  if ((bad = dist_check_peer(d, peer)) != NULL) {
    lua_pushnil(L);
    lua_pushstring(L, bad);
    return 2;
  }
  if (strcmp(peer, d->name) == 0) { lua_pushboolean(L, 1); return 1; }
  if (dist_is_cut(d, peer)) {
    lua_pushnil(L);
    lua_pushfstring(L, "this node is cut off from %s (node.cut); node.heal() ends the split", peer);
    return 2;
  }
  c = conn_connect(d, peer);
  if (c && c->state == C_UP) { lua_pushboolean(L, 1); return 1; }
  if (self == NULL) {                 /* the mesh, from outside processes */
    lua_pushboolean(L, 0);
    return 1;
  }
  if (c == NULL) {
    lua_pushnil(L);
    lua_pushliteral(L, "cannot connect: out of memory");
    return 2;
  }
  vm_push_pid(L, self);
  conn_add_waiter(c, L, -1);
  lua_pushboolean(L, 0);
  return 1;
}

static int l_disconnect(lua_State *L) {
  dnode *d = alive_node(L);
  lua_pushboolean(L, conn_close_all(d, check_peer(L, d, 1), "disconnected") > 0);
  return 1;
}

static int l_alive(lua_State *L) {
  lua_pushboolean(L, dist_of(L)->alive);
  return 1;
}

/* node.list([kind]): "visible" (the default), "hidden", "connected",
** "this" or "known", as Erlang's nodes/1. known is this node and every
** node the vm has an index for: connected ones, and those gone or only
** met through a pid or reference, as OTP 25's node table keeps them. */
static int l_list(lua_State *L) {
  dnode *d = dist_of(L);
  const char *kind = luaL_optstring(L, 1, "visible");
  int vis = 0, hid = 0, me = 0, known = 0, n = 0;
  uint32_t i, count;
  conn *c;
  if (strcmp(kind, "visible") == 0) vis = 1;
  else if (strcmp(kind, "hidden") == 0) hid = 1;
  else if (strcmp(kind, "connected") == 0) vis = hid = 1;
  else if (strcmp(kind, "this") == 0) me = 1;
  else if (strcmp(kind, "known") == 0) me = known = 1;
  else return luaL_argerror(L, 1, "visible, hidden, connected, this or known");
  lua_newtable(L);
  if (me) {                     /* nonode@nohost when unnamed, as erl's */
    vm_push_node_name(L, 0);
    lua_rawseti(L, -2, ++n);
  }
  if (known) {
    for (i = 1, count = vm_node_count(L); i <= count; i++) {
      vm_push_node_name(L, i);
      lua_rawseti(L, -2, ++n);
    }
    return 1;
  }
  for (c = d->conns; c; c = c->next) {
    if (c->state != C_UP || !(c->hidden ? hid : vis)) continue;
    lua_pushstring(L, c->peer);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* node.get_cookie([node]) and node.set_cookie([node,] cookie). */
static int l_get_cookie(lua_State *L) {
  dnode *d = dist_of(L);
  if (!d->alive && lua_isnoneornil(L, 1)) { lua_pushliteral(L, "nocookie"); return 1; }
  lua_pushstring(L, lua_isnoneornil(L, 1) ? d->cookie
                    : dist_cookie_for(d, check_peer(L, d, 1)));
  return 1;
}

static int l_set_cookie(lua_State *L) {
  dnode *d = alive_node(L);
  if (lua_gettop(L) >= 2) {
    const char *peer = check_peer(L, d, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, d->cookies);
    lua_pushstring(L, luaL_checkstring(L, 2));
    lua_setfield(L, -2, peer);
  } else {
    snprintf(d->cookie, sizeof d->cookie, "%s", luaL_checkstring(L, 1));
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* _dist.is_repl(n): is the connected node n one of ours (runs Lua)? */
static int l_is_repl(lua_State *L) {
  conn *c = conn_find(dist_of(L), luaL_checkstring(L, 1));
  lua_pushboolean(L, c && c->state == C_UP && c->h.peer_repl);
  return 1;
}

static int l_hidden(lua_State *L) {
  lua_pushboolean(L, dist_of(L)->hidden);
  return 1;
}

static int l_ticktime(lua_State *L) {
  lua_pushinteger(L, dist_of(L)->ticktime);
  return 1;
}

/* Counts subscriptions in t[pid] (t at idx): +1, or -1 (all: every one
** of them, as monitor_nodes(false) in OTP; monitor_node takes back one),
** gone at 0. */
static void subscribe(lua_State *L, int t, int pid, int on, int all) {
  lua_Integer n;
  lua_pushvalue(L, pid);
  n = (lua_rawget(L, t) == LUA_TNUMBER) ? lua_tointeger(L, -1) : 0;
  lua_pop(L, 1);
  n = on ? n + 1 : all ? 0 : n - 1;
  lua_pushvalue(L, pid);
  if (n > 0) lua_pushinteger(L, n); else lua_pushnil(L);
  lua_rawset(L, t);
}

/* The kind of subscription opts (at idx) asks for: nil or {} "plain",
** {node_type = "visible" | "hidden" | "all"} that kind. */
static const char *monitor_kind(lua_State *L, int idx) {
  const char *kind = "plain";
  int i;
  if (lua_isnoneornil(L, idx)) return kind;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    const char *v = vm_atom_name(L, -1, NULL);
    if (lua_type(L, -2) != LUA_TSTRING || strcmp(lua_tostring(L, -2), "node_type") != 0)
      luaL_error(L, "node.monitor_nodes: %s is not an option; the one option is "
                 "node_type (\"visible\", \"hidden\" or \"all\")",
                 lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2));
    if (v == NULL) v = lua_tostring(L, -1);
    for (i = 1; node_kinds[i] && !(v && strcmp(v, node_kinds[i]) == 0); i++) {}
    if (node_kinds[i] == NULL)
      luaL_error(L, "node.monitor_nodes: node_type is \"visible\", \"hidden\" or \"all\"");
    kind = node_kinds[i];
    lua_pop(L, 1);
  }
  return kind;
}

/* node.monitor_nodes(on [, opts]): as net_kernel:monitor_nodes/1,2; false
** ends every subscription made with the same opts. */
static int l_monitor_nodes(lua_State *L) {
  dnode *d = dist_of(L);
  vm_proc *self = vm_current(d->v);
  const char *kind = monitor_kind(L, 2);
  int on = lua_toboolean(L, 1);
  if (self == NULL) return luaL_error(L, "node.monitor_nodes needs a process");
  lua_settop(L, 2);
  vm_push_pid(L, self);                                   /* 3 */
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->node_monitors);
  if (lua_getfield(L, -1, kind) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, kind);
  }
  subscribe(L, lua_gettop(L), 3, on, 1);
  lua_pushboolean(L, 1);
  return 1;
}

/* node.monitor(n, flag): one nodedown when the connection to n is lost
** (or cannot be made), as erlang:monitor_node/2. */
static int l_monitor(lua_State *L) {
  dnode *d = alive_node(L);
  const char *peer = check_peer(L, d, 1);
  vm_proc *self = vm_current(d->v);
  int t, on = lua_isnone(L, 2) || lua_toboolean(L, 2);
  if (self == NULL) return luaL_error(L, "node.monitor needs a process");
  lua_settop(L, 2);
  vm_push_pid(L, self);                                   /* 3 */
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->one_monitors);     /* 4 */
  if (lua_getfield(L, 4, peer) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, 4, peer);
  }
  t = lua_gettop(L);
  subscribe(L, t, 3, on, 0);
  if (on && strcmp(peer, d->name) != 0)
    conn_connect(d, peer);           /* as Erlang: monitoring connects */
  lua_pushboolean(L, 1);
  return 1;
}

/* _dist.monitor_up(n): node.monitor(n, true) that never connects: with
** no connection up to n, {nodedown, n} comes at once instead. With
** _dist.send_up (erlang:send/3's noconnect), what the cluster services use
** to talk to other nodes, so that a late message of theirs never brings
** back a node that node.disconnect has just dropped. */
static int is_up(dnode *d, const char *peer) {
  conn *c = conn_find(d, peer);
  return c && c->state == C_UP;
}

static int l_monitor_up(lua_State *L) {
  dnode *d = alive_node(L);
  const char *peer = check_peer(L, d, 1);
  vm_proc *self = vm_current(d->v);
  if (strcmp(peer, d->name) == 0 || is_up(d, peer)) {
    lua_settop(L, 1);
    lua_pushboolean(L, 1);
    return l_monitor(L);
  }
  if (self == NULL) return luaL_error(L, "node.monitor needs a process");
  vm_push_pid(L, self);
  vm_push_atom(L, "nodedown", 8);
  lua_pushstring(L, peer);
  vm_push_tuple(L, 2);
  vm_deliver_to(L, -2, -1);
  lua_pushboolean(L, 0);
  return 1;
}

/* _dist.is_up(n): is a connection to node n up? */
static int l_is_up(lua_State *L) {
  lua_pushboolean(L, is_up(dist_of(L), luaL_checkstring(L, 1)));
  return 1;
}

/* _dist.send_up(dest, msg): true when sent on the connection that is up,
** false when dropped (none is), nil when dest is on this node. */
static int l_send_up(lua_State *L) {
  int r;
  lua_settop(L, 2);
  r = control_send_up(dist_of(L), L, 1, 2);
  if (r < 0) lua_pushnil(L); else lua_pushboolean(L, r);
  return 1;
}

static int l_stop(lua_State *L) {
  stop(dist_of(L));
  lua_pushboolean(L, 1);
  return 1;
}

/* _dist.spawn_request(node, reqid, module, fun, args, opts): sends
** SPAWN_REQUEST {29, ReqId, From, GroupLeader, {M, F, A}, Opts} + Args.
** The reply comes to the caller as {'$spawn_reply', ReqId, Result, Flags}. */
static int l_spawn_request(lua_State *L) {
  dnode *d = alive_node(L);
  const char *peer = check_peer(L, d, 1);
  vm_proc *self = vm_current(d->v);
  conn *c;
  if (self == NULL) return luaL_error(L, "node.spawn needs a process");
  luaL_checktype(L, 5, LUA_TTABLE);
  lua_settop(L, 6);
  c = conn_connect(d, peer);
  if (c == NULL)
    return luaL_error(L, dist_is_cut(d, peer) ? "cannot connect to %s: this node "
                      "is cut off from it (node.heal)" : "cannot connect to %s", peer);
  lua_pushinteger(L, OP_SPAWN_REQUEST);
  lua_pushvalue(L, 2);
  vm_push_pid(L, self);
  lua_getglobal(L, "group_leader");        /* ours, so output comes home */
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {                   /* the terminal: our io server */
    lua_pop(L, 1);
    lua_getglobal(L, "whereis");
    lua_pushliteral(L, "user");
    lua_call(L, 1, 1);
  }
  lua_pushvalue(L, 3);
  lua_pushvalue(L, 4);
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 5));
  vm_push_tuple(L, 3);
  if (lua_isnil(L, 6)) lua_newtable(L); else lua_pushvalue(L, 6);
  if (conn_send(c, L, 6, 5) != 0) return lua_error(L);
  lua_pushboolean(L, 1);
  return 1;
}

/* _dist.start(name, opts): nil and why at once, or false: the caller then
** waits for {'$dist_started', ok, why}. */
static void started(dnode *d, const char *err) {
  lua_State *L = d->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, d->start_waiter);
  vm_push_atom(L, "$dist_started", 13);
  lua_pushboolean(L, err == NULL);
  if (err) lua_pushstring(L, err); else lua_pushnil(L);
  vm_push_tuple(L, 3);
  vm_deliver_to(L, -2, -1);
  lua_pop(L, 2);
}

static int l_start(lua_State *L) {
  dnode *d = dist_of(L);
  dist_opts o;
  char err[300];
  vm_proc *self = vm_current(d->v);
  memset(&o, 0, sizeof o);
  o.name = luaL_checkstring(L, 1);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "longnames"); o.longnames = lua_toboolean(L, -1);
    lua_getfield(L, 2, "cookie"); o.cookie = lua_tostring(L, -1);
    lua_getfield(L, 2, "hidden"); o.hidden = lua_toboolean(L, -1);
    lua_getfield(L, 2, "ticktime"); o.ticktime = (int)lua_tointeger(L, -1);
    lua_getfield(L, 2, "epmd_port"); o.epmd_port = (int)lua_tointeger(L, -1);
    lua_getfield(L, 2, "tls_certfile"); o.tls_certfile = lua_tostring(L, -1);
    lua_getfield(L, 2, "tls_keyfile"); o.tls_keyfile = lua_tostring(L, -1);
    lua_getfield(L, 2, "tls_cacertfile"); o.tls_cacertfile = lua_tostring(L, -1);
  }
  if (self == NULL) return luaL_error(L, "node.start needs a process");
  vm_push_pid(L, self);
  lua_rawseti(L, LUA_REGISTRYINDEX, d->start_waiter);
  d->st_then = started;
  if (start(d, &o, err, sizeof err) != 0) {
    lua_pushnil(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushboolean(L, 0);
  return 1;
}

/* _dist.tls(): the certificate, key and CA files this node's TLS
** distribution uses (nils when it has none), for the peers it starts. */
static int l_tls(lua_State *L) {
  dnode *d = dist_of(L);
  for (int i = 0; i < 3; i++) lua_pushstring(L, d->tls_paths[i]);
  return 3;
}

static void open_lua(lua_State *L) {
  static const luaL_Reg node_fns[] = {
    {"alive", l_alive}, {"list", l_list}, {"disconnect", l_disconnect},
    {"get_cookie", l_get_cookie}, {"set_cookie", l_set_cookie},
    {"ticktime", l_ticktime}, {"monitor_nodes", l_monitor_nodes},
    {"monitor", l_monitor}, {"stop", l_stop}, {NULL, NULL}
  };
  static const luaL_Reg internal[] = {
    {"connect", l_connect}, {"start", l_start}, {"hidden", l_hidden},
    {"is_repl", l_is_repl}, {"tls", l_tls},
    {"spawn_request", l_spawn_request}, {"monitor_up", l_monitor_up},
    {"send_up", l_send_up}, {"is_up", l_is_up}, {NULL, NULL}
  };
  lua_getglobal(L, "node");          /* the vm made it, with node.self */
  luaL_setfuncs(L, node_fns, 0);
  lua_pop(L, 1);
  partition_open(L, dist_of(L));
  luaL_newlib(L, internal);
  lua_setglobal(L, "_dist");
  lua_getglobal(L, "require");       /* the Lua half */
  lua_pushliteral(L, "dist.node");
  lua_call(L, 1, 0);
}

static int open_p(lua_State *L) {
  open_lua(L);
  return 0;
}

dnode *dist_open(vm *v, uv_loop_t *loop) {
  dnode *d = calloc(1, sizeof *d);
  lua_State *L = vm_lua(v);
  if (d == NULL) return NULL;
  d->v = v;
  d->L = L;
  d->loop = loop;
  d->ticktime = 60;
  snprintf(d->cookie, sizeof d->cookie, "nocookie");
  lua_pushlightuserdata(L, d);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &dnode_key);
  lua_newtable(L); d->cookies = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L); d->node_monitors = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L); d->one_monitors = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushboolean(L, 0); d->start_waiter = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushcfunction(L, open_p);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    fprintf(stderr, "repl: cannot open distribution: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return d;
}

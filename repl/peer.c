/*
** peer.c: the C half of the peer module (repl/lua/peer.lua), both sides.
**
** Parent side: _peer.spawn runs this same binary (uv_exepath) as a child
** node with three pipes. Each line the child writes on stdout or stderr
** becomes a message {'$peer', id, out|err, line} to the Lua process that
** follows it; once the child has exited and both pipes are at EOF (so that
** its last words, such as "the name is taken", come first), a last message
** {'$peer', id, exit, status, signal}. We never write to the child's stdin:
** it is the child's lifeline. Closing it (peer.stop) or our death, even by
** kill -9, ends it, and the child halts. Children run in a session of
** their own (UV_PROCESS_DETACHED), so that Ctrl-C in our terminal, which
** is ours to handle, does not kill them behind the shell's back.
**
** Child side (--peer): says "repl-peer up NODE" on stdout once the node is
** up, and halts when stdin ends.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <lauxlib.h>
#include "peer.h"
#include "dist.h"

#define MAX_LINE 65536          /* a longer line is passed on in pieces */

typedef struct child {
  uv_process_t proc;
  uv_pipe_t in, out, err;
  lua_State *L;                 /* the vm's main state, to deliver from */
  int owner;                    /* registry ref of the pid told of it all */
  lua_Integer id;
  int open;                     /* handles not yet closed: freed at 0 */
  int streams;                  /* out and err not yet at EOF */
  int exited, sig;
  int64_t status;
  dbuf lines[2];                /* partial lines of out and err */
  struct child *next;
} child;

static child *children;
static lua_Integer last_id;

/* ---- messages to the following process ---- */

/* Pushes the owner pid and {'$peer', id, kind, ...}: nargs values on top
** of L are the rest of the tuple (moved). Then delivers it. */
static void deliver(child *c, const char *kind, int nargs) {
  lua_State *L = c->L;
  int base = lua_gettop(L) - nargs;
  lua_rawgeti(L, LUA_REGISTRYINDEX, c->owner);
  vm_push_atom(L, "$peer", 5);
  lua_pushinteger(L, c->id);
  vm_push_atom(L, kind, strlen(kind));
  lua_rotate(L, base + 1, 4);              /* pid, tag, id, kind, args... */
  vm_push_tuple(L, 3 + nargs);
  vm_deliver_to(L, base + 1, base + 2);    /* a dead follower: dropped */
  lua_settop(L, base);
}

static void deliver_line(child *c, int stream, const char *s, size_t n) {
  lua_pushlstring(c->L, s, n);
  deliver(c, stream ? "err" : "out", 1);
}

/* ---- the end of a child ---- */

static void on_closed(uv_handle_t *h) {
  child *c = h->data, **pp;
  if (--c->open > 0) return;
  for (pp = &children; *pp; pp = &(*pp)->next)
    if (*pp == c) { *pp = c->next; break; }
  luaL_unref(c->L, LUA_REGISTRYINDEX, c->owner);
  dbuf_free(&c->lines[0]);
  dbuf_free(&c->lines[1]);
  free(c);
}

static void close_once(uv_handle_t *h) {
  if (!uv_is_closing(h)) uv_close(h, on_closed);
}

/* Exited and both pipes drained: the last message, and the lifeline goes. */
static void maybe_done(child *c) {
  if (!c->exited || c->streams > 0) return;
  lua_pushinteger(c->L, (lua_Integer)c->status);
  lua_pushinteger(c->L, c->sig);
  deliver(c, "exit", 2);
  close_once((uv_handle_t *)&c->in);
  close_once((uv_handle_t *)&c->proc);
}

static void on_child_exit(uv_process_t *p, int64_t status, int sig) {
  child *c = p->data;
  c->exited = 1;
  c->status = status;
  c->sig = sig;
  maybe_done(c);
}

/* ---- reading lines ---- */

static void on_alloc(uv_handle_t *h, size_t want, uv_buf_t *b) {
  static char buf[65536];
  (void)h; (void)want;
  *b = uv_buf_init(buf, sizeof buf);
}

/* Passes on every whole line of s (and whatever was held from before);
** holds a last part with no newline. No piece is longer than MAX_LINE. */
static void split_lines(child *c, int stream, const char *s, size_t n) {
  dbuf *lb = &c->lines[stream];
  while (n > 0) {
    const char *nl = memchr(s, '\n', n);
    size_t k = nl ? (size_t)(nl - s) : n, room = MAX_LINE - lb->len;
    if (k > room || (!nl && k == room)) { nl = NULL; k = room; }
    else if (!nl) {
      if (dbuf_add(lb, s, k) == 0) return;
    }
    if (lb->len > 0 && dbuf_add(lb, s, k) == 0) deliver_line(c, stream, (char *)lb->p, lb->len);
    else deliver_line(c, stream, s, k);
    lb->len = 0;
    k += nl != NULL;
    s += k;
    n -= k;
  }
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  child *c = st->data;
  int stream = st == (uv_stream_t *)&c->err;
  if (n > 0) { split_lines(c, stream, b->base, (size_t)n); return; }
  if (n == 0) return;
  if (c->lines[stream].len > 0) {          /* a last line with no newline */
    deliver_line(c, stream, (char *)c->lines[stream].p, c->lines[stream].len);
    c->lines[stream].len = 0;
  }
  close_once((uv_handle_t *)st);
  c->streams--;
  maybe_done(c);
}

/* ---- _peer: what peer.lua calls ---- */

static child *find(lua_Integer id) {
  child *c;
  for (c = children; c; c = c->next) if (c->id == id) return c;
  return NULL;
}

/* The argument vector: this binary, then the strings of the table. */
static char **make_argv(lua_State *L, int idx, char *exe) {
  lua_Integer i, n = (lua_Integer)luaL_len(L, idx);
  char **argv = lua_newuserdatauv(L, (size_t)(n + 2) * sizeof *argv, 0);
  argv[0] = exe;
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "peer: argument %d of the child is not a string", (int)i);
    argv[i] = (char *)lua_tostring(L, -1);
    lua_pop(L, 1);                       /* still held by the table */
  }
  argv[n + 1] = NULL;
  return argv;
}

/* _peer.spawn(args, pid [, dir]): id, os_pid; or nil and why. dir is the
** child's working folder (ours when nil). */
static int l_spawn(lua_State *L) {
  static char exe[4096];
  size_t len = sizeof exe;
  uv_loop_t *loop = vm_loop(vm_of(L));
  uv_process_options_t o;
  uv_stdio_container_t io[3];
  child *c;
  char **argv;
  int err;
  const char *kind, *dir;
  luaL_checktype(L, 1, LUA_TTABLE);
  dir = luaL_optstring(L, 3, NULL);
  kind = vm_typeof(L, 2);
  if (kind == NULL || strcmp(kind, "pid") != 0) luaL_argerror(L, 2, "pid expected");
  if (uv_exepath(exe, &len) != 0) {
    lua_pushnil(L);
    lua_pushliteral(L, "cannot find the repl binary to run (uv_exepath failed)");
    return 2;
  }
  argv = make_argv(L, 1, exe);
  if ((c = calloc(1, sizeof *c)) == NULL) return luaL_error(L, "out of memory");
  c->L = vm_lua(vm_of(L));
  c->id = ++last_id;
  lua_pushvalue(L, 2);
  c->owner = luaL_ref(L, LUA_REGISTRYINDEX);
  uv_pipe_init(loop, &c->in, 0);
  uv_pipe_init(loop, &c->out, 0);
  uv_pipe_init(loop, &c->err, 0);
  c->proc.data = c->in.data = c->out.data = c->err.data = c;
  c->open = 4;
  c->next = children;
  children = c;
  io[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
  io[0].data.stream = (uv_stream_t *)&c->in;
  io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[1].data.stream = (uv_stream_t *)&c->out;
  io[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[2].data.stream = (uv_stream_t *)&c->err;
  memset(&o, 0, sizeof o);
  o.file = exe;
  o.args = argv;
  o.cwd = dir;
  o.exit_cb = on_child_exit;
  o.stdio = io;
  o.stdio_count = 3;
  o.flags = UV_PROCESS_DETACHED;
  if ((err = uv_spawn(loop, &c->proc, &o)) != 0) {
    /* uv_spawn has made the handle either way: close all four */
    close_once((uv_handle_t *)&c->proc);
    close_once((uv_handle_t *)&c->in);
    close_once((uv_handle_t *)&c->out);
    close_once((uv_handle_t *)&c->err);
    lua_pushnil(L);
    lua_pushfstring(L, "cannot start %s: %s", exe, uv_strerror(err));
    return 2;
  }
  c->streams = 2;
  uv_read_start((uv_stream_t *)&c->out, on_alloc, on_read);
  uv_read_start((uv_stream_t *)&c->err, on_alloc, on_read);
  lua_pushinteger(L, c->id);
  lua_pushinteger(L, c->proc.pid);
  return 2;
}

/* _peer.close_stdin(id): the child's stdin ends; it halts. false when that
** child has already gone. */
static int l_close_stdin(lua_State *L) {
  child *c = find(luaL_checkinteger(L, 1));
  if (c) close_once((uv_handle_t *)&c->in);
  lua_pushboolean(L, c != NULL);
  return 1;
}

/* _peer.kill(id): SIGKILL. false when that child has already exited. */
static int l_kill(lua_State *L) {
  child *c = find(luaL_checkinteger(L, 1));
  int ok = c && !c->exited && uv_process_kill(&c->proc, SIGKILL) == 0;
  lua_pushboolean(L, ok);
  return 1;
}

/* _peer.epmd_port(): the epmd port this node uses (or would use), which
** its children are to use too. */
static int l_epmd_port(lua_State *L) {
  dnode *d = dist_of(L);
  lua_pushinteger(L, d->alive ? d->epmd_port : epmd_default_port());
  return 1;
}

static int l_getpid(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_os_getpid());
  return 1;
}

void peer_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"spawn", l_spawn}, {"close_stdin", l_close_stdin}, {"kill", l_kill},
    {"epmd_port", l_epmd_port}, {"getpid", l_getpid}, {NULL, NULL}
  };
  luaL_newlib(L, fns);
  lua_setglobal(L, "_peer");
  /* the Lua half loads on first use (dist/lua/node.lua's _lazy_module) */
  lua_getglobal(L, "_lazy_module");
  lua_pushliteral(L, "peer");
  lua_pushliteral(L, "repl.peer");
  lua_call(L, 2, 0);
}

/* ---- the child side ---- */

static union { uv_pipe_t pipe; uv_tty_t tty; } lifeline;
static int lifeline_open;
static vm *lifeline_vm;

static void on_parent_input(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  (void)st; (void)b;
  if (n >= 0) return;                    /* the parent says nothing: ignore */
  vm_halt(lifeline_vm, 0);               /* EOF: the parent is gone */
}

int peer_child(vm *v) {
  uv_loop_t *loop = vm_loop(v);
  uv_handle_type t = uv_guess_handle(0);
  lua_State *L = vm_lua(v);
  lifeline_vm = v;
  lua_getglobal(L, "node");
  lua_getfield(L, -1, "self");
  lua_call(L, 0, 1);
  printf("repl-peer up %s\n", lua_tostring(L, -1));
  fflush(stdout);
  lua_pop(L, 2);
  if (t == UV_NAMED_PIPE) {
    if (uv_pipe_init(loop, &lifeline.pipe, 0) != 0) return -1;
    lifeline_open = 1;
    if (uv_pipe_open(&lifeline.pipe, 0) != 0) return -1;
  } else if (t == UV_TTY) {
    if (uv_tty_init(loop, &lifeline.tty, 0, 1) != 0) return -1;
    lifeline_open = 1;
  } else {                               /* a file or /dev/null: ended */
    vm_halt(v, 0);
    return 0;
  }
  return uv_read_start((uv_stream_t *)&lifeline, on_alloc, on_parent_input);
}

void peer_close(void) {
  child *c;
  for (c = children; c; c = c->next) {
    close_once((uv_handle_t *)&c->in);
    close_once((uv_handle_t *)&c->out);
    close_once((uv_handle_t *)&c->err);
    close_once((uv_handle_t *)&c->proc);
  }
  if (lifeline_open) {
    uv_close((uv_handle_t *)&lifeline, NULL);
    lifeline_open = 0;
  }
}

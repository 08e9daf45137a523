/*
** main.c: the repl command: parse the command line, start a node, and run
** the shell, a script or -e code in it. See usage() for the options.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <lua.h>
#include <lauxlib.h>
#include "vm.h"
#include "term.h"
#include "epmd.h"
#include "node.h"
#include "peer.h"
#include "check.h"

#define REPL_VERSION "0.1.0"

typedef struct opts {
  const char *script;      /* file to run, or NULL */
  const char *eval;        /* -e code, or NULL */
  int interactive;         /* -i, or no script/-e */
  int color;
  int first_arg;           /* argv index of the script's first argument */
  /* the port mapper (dist/epmd_cli.c): --epmd [--daemon] [--names];
  ** epmd_port (--epmd-port) is also where a named node finds its epmd */
  int epmd, epmd_daemon, epmd_names;
  const char *epmd_port;
  /* distribution (dist/node.h): --sname/--name and their companions */
  dist_opts dist;
  int named;
  int peer;                /* --peer: a child node of peer.start (repl/peer.c) */
} opts;

typedef struct repl {
  vm *v;
  opts o;
  vm_proc *shell;          /* the shell process, if any */
  vm_proc *main;           /* the script / -e process, if any */
  vm_proc *reader;         /* the process waiting for a line */
  dnode *dist;
  uv_async_t keepalive;    /* holds the loop open while the shell runs */
  int keeping;
  int term_on;
  int status;              /* exit status */
} repl;

static repl R;

static void usage(FILE *f) {
  fputs(
    "usage: repl [options] [script.lua [args...]]\n"
    "  (no arguments)        start the interactive shell (node nonode@nohost)\n"
    "  script.lua [args]     run a script; its processes keep the node alive\n"
    "  -e 'code'             evaluate code and exit\n"
    "  -i                    stay interactive after a script or -e\n"
    "  --sname NAME          a distributed node NAME@<short host name>\n"
    "  --name NAME@HOST      a distributed node with a long name\n"
    "  --cookie C            the cookie (default: ~/.erlang.cookie)\n"
    "  --hidden              a hidden node: out of node.list(), no mesh\n"
    "  --net-ticktime S      seconds of silence before a peer is down (60)\n"
    "  --dist-listen-min P, --dist-listen-max P\n"
    "                        the range of ports to listen on for nodes\n"
    "  --tls-certfile F      TLS distribution (erl's -proto_dist inet_tls):\n"
    "                        this node's certificate, PEM (key too, or:)\n"
    "  --tls-keyfile F       its private key, PEM\n"
    "  --tls-cacertfile F    check peers' certificates against these CAs\n"
    "  --no-color            no colours (also: NO_COLOR=1)\n"
    "  --check [FILES|DIRS]  grade katas (default: ./katas), exit status 0/1\n"
    "  --hint FILE           a kata's hints;  --watch FILE  re-grade on save\n"
    "  --epmd [--daemon]     run the port mapper (detached with --daemon)\n"
    "  --epmd --names        list the nodes registered with this host's epmd\n"
    "  --epmd-port N         epmd's port (also: ERL_EPMD_PORT; default 4369)\n"
    "  --version             print the version\n"
    "  --help                this text\n"
    "In the shell, h() lists the help topics and q() or Ctrl-D quits.\n", f);
}

static int bad_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "repl: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "; see repl --help\n");
  return 2;
}

static int port_arg(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v < 1 || v > 65535) ? -1 : (int)v;
}

/* The distribution flags: 0 when argv[*i] was one (taken), -1 when it is
** not one of them, or an exit status for a bad one. */
static int parse_dist_arg(int argc, char **argv, int *i, opts *o) {
  const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
  int *port = NULL;
  if (strcmp(a, "--hidden") == 0) { o->dist.hidden = 1; return 0; }
  if (strcmp(a, "--sname") && strcmp(a, "--name") && strcmp(a, "--cookie") &&
      strcmp(a, "--net-ticktime") && strcmp(a, "--dist-listen-min") &&
      strcmp(a, "--dist-listen-max") && strncmp(a, "--tls-", 6)) return -1;
  if (v == NULL) return bad_usage("%s needs a value", a);
  (*i)++;
  if (strcmp(a, "--sname") == 0 || strcmp(a, "--name") == 0) {
    int longnames = a[2] == 'n';
    if (o->named && o->dist.longnames != longnames)
      return bad_usage("%s", "--sname and --name cannot be mixed: a node has a "
                       "short name or a long one");
    o->named = 1;
    o->dist.longnames = longnames;
    o->dist.name = v;
    return 0;
  }
  if (strcmp(a, "--cookie") == 0) { o->dist.cookie = v; return 0; }
  if (strcmp(a, "--tls-certfile") == 0) { o->dist.tls_certfile = v; return 0; }
  if (strcmp(a, "--tls-keyfile") == 0) { o->dist.tls_keyfile = v; return 0; }
  if (strcmp(a, "--tls-cacertfile") == 0) { o->dist.tls_cacertfile = v; return 0; }
  if (strncmp(a, "--tls-", 6) == 0)
    return bad_usage("unknown option '%s' (--tls-certfile, --tls-keyfile, --tls-cacertfile)", a);
  if (strcmp(a, "--net-ticktime") == 0) {
    if ((o->dist.ticktime = port_arg(v)) < 0)
      return bad_usage("--net-ticktime takes a number of seconds, not '%s'", v);
    return 0;
  }
  port = strcmp(a, "--dist-listen-min") == 0 ? &o->dist.port_min : &o->dist.port_max;
  if ((*port = port_arg(v)) < 0) return bad_usage("%s takes a port number", a);
  return 0;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, opts *o) {
  int i, st;
  o->color = isatty(1) && getenv("NO_COLOR") == NULL;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
    if (strcmp(a, "--version") == 0) { printf("repl " REPL_VERSION " (" LUA_RELEASE ")\n"); return 0; }
    if (strcmp(a, "--no-color") == 0) { o->color = 0; continue; }
    /* epmd options; epmd_main (dist/epmd_cli.c) checks their combination */
    if (strcmp(a, "--epmd") == 0) { o->epmd = 1; continue; }
    if (strcmp(a, "--daemon") == 0) { o->epmd_daemon = 1; continue; }
    if (strcmp(a, "--names") == 0) { o->epmd_names = 1; continue; }
    if (strcmp(a, "--epmd-port") == 0) {
      if (++i == argc) return bad_usage("--epmd-port needs a port number, as in %s", "--epmd-port 4369");
      o->epmd_port = argv[i];
      continue;
    }
    if ((st = parse_dist_arg(argc, argv, &i, o)) != -1) {
      if (st == 0) continue;
      return st;
    }
    if (strcmp(a, "--peer") == 0) { o->peer = 1; continue; }   /* hidden flag */
    if (strcmp(a, "-i") == 0) { o->interactive = 1; continue; }
    if (strcmp(a, "-e") == 0) {
      if (++i == argc) return bad_usage("-e needs code to run, as in %s", "-e 'print(1)'");
      o->eval = argv[i];
      continue;
    }
    /* the kata grader (repl/lua/check.lua) reads its own arguments */
    if (strcmp(a, "--check") == 0 || strcmp(a, "--hint") == 0 ||
        strcmp(a, "--watch") == 0) {
      o->eval = "require('repl.check').main(arg)";
      o->first_arg = i;
      return -1;
    }
    if (strcmp(a, "--") == 0) { i++; break; }
    if (a[0] == '-' && a[1] != 0) return bad_usage("unknown option '%s'", a);
    break;
  }
  if (i < argc) { o->script = argv[i]; o->first_arg = i + 1; }
  if (!o->named && (o->dist.cookie || o->dist.hidden || o->dist.ticktime ||
                    o->dist.tls_certfile || o->dist.tls_keyfile || o->dist.tls_cacertfile))
    return bad_usage("%s", "--cookie, --hidden, --net-ticktime and --tls-* need a "
                     "node name: add --sname NAME");
  if (o->script == NULL && o->eval == NULL && !o->peer) o->interactive = 1;
  return -1;
}

/* ---- output and input between the terminal and the VM ---- */

static void write_term(void *ud, const char *s, size_t n) {
  (void)ud;
  term_write(s, n);
}

/* What _readline returns to the process waiting in it: the line, nil at
** EOF (line NULL), or false when Ctrl-C ended the read. */
static void answer_reader(const char *line, int interrupted) {
  lua_State *L = vm_lua(R.v);
  vm_proc *p = R.reader;
  R.reader = NULL;
  if (p == NULL) return;
  if (interrupted) lua_pushboolean(L, 0);
  else if (line) lua_pushstring(L, line);
  else lua_pushnil(L);
  vm_resume_io(R.v, p, L, 1);
}

static void on_line(void *ud, const char *line) {
  (void)ud;
  answer_reader(line, 0);
}

/* ^C: at a prompt, _readline returns false (the shell drops a half-typed
** chunk); else it interrupts what the shell evaluates. */
static void on_interrupt(void *ud, int reading) {
  (void)ud;
  if (reading) answer_reader(NULL, 1);
  else if (R.shell) vm_interrupt(R.v, R.shell);
}

static void complete(void *ud, const char *text,
                     void (*add)(void *ctx, const char *c), void *ctx) {
  lua_State *L = vm_lua(R.v);
  int top = lua_gettop(L);
  (void)ud;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "repl.complete");
  if (lua_pcall(L, 1, 1, 0) == LUA_OK) {
    lua_pushstring(L, text);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_istable(L, -1)) {
      lua_Integer i, n = luaL_len(L, -1);
      for (i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_isstring(L, -1)) add(ctx, lua_tostring(L, -1));
        lua_pop(L, 1);
      }
    }
  }
  lua_settop(L, top);
}

/* _readline(prompt): the shell process waits here for the learner: a
** line, nil at EOF, or false when Ctrl-C ended the read. */
static int l_readline(lua_State *L) {
  const char *prompt = luaL_checkstring(L, 1);
  if (!R.term_on) { lua_pushnil(L); return 1; }
  R.reader = vm_current(R.v);
  term_read(prompt);
  return vm_wait_io(L);
}

static int l_history_add(lua_State *L) {
  if (R.term_on) term_history_add(luaL_checkstring(L, 1));
  return 0;
}

/* ---- processes that the front end follows ---- */

static void spawn_module_fn(const char *module, const char *fn, int nargs) {
  lua_State *L = vm_lua(R.v);
  int base = lua_gettop(L) - nargs;
  lua_getglobal(L, "require");
  lua_pushstring(L, module);
  lua_call(L, 1, 1);
  lua_getfield(L, -1, fn);
  lua_remove(L, -2);
  lua_insert(L, base + 1);
}

static int start_shell(lua_State *L) {
  (void)L;
  spawn_module_fn("repl.shell", "run", 0);
  R.shell = vm_spawn(R.v, vm_lua(R.v), 0);
  lua_pop(vm_lua(R.v), 1);
  return 0;
}

static void start_term(void) {
  static const term_events ev = {NULL, on_line, on_interrupt, complete};
  char path[4096];
  const char *home = getenv("HOME");
  if (R.term_on) return;
  if (home) snprintf(path, sizeof path, "%s/.repl_history", home);
  if (term_start(vm_loop(R.v), &ev, home ? path : NULL) != 0) return;
  R.term_on = 1;
  /* The shell waits for the learner even when no process, timer or input
  ** is pending (a receive() at the prompt): an async handle is active as
  ** long as it is open. */
  uv_async_init(vm_loop(R.v), &R.keepalive, NULL);
  R.keeping = 1;
  vm_set_write(R.v, write_term, NULL);
  /* One line for a person at the terminal, as iex's: where help is. Piped
  ** input gets none, so that a program reads only what it asked for. */
  if (term_interactive()) {
    static const char banner[] = "repl " REPL_VERSION " (" LUA_VERSION
      "): h() for help, q() or Ctrl-D to quit\n";
    term_write(banner, sizeof banner - 1);
  }
}

static void on_exit_proc(void *ud, vm_proc *p, lua_State *L) {
  (void)ud;
  if (p == R.main) {
    const char *reason = vm_atom_name(L, -1, NULL);
    R.main = NULL;
    if (reason == NULL || strcmp(reason, "normal") != 0) R.status = 1;
    if (R.o.interactive && !vm_halted(R.v, NULL)) {
      start_term();
      start_shell(L);
    }
  } else if (p == R.shell) {
    /* as iex: a dead shell process is replaced, the session goes on */
    R.shell = NULL;
    if (R.reader == p) R.reader = NULL;
    if (vm_halted(R.v, NULL)) return;
    lua_getglobal(L, "tostring");
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1);
    lua_getglobal(L, "tostring");
    lua_pushvalue(L, -4);
    lua_call(L, 1, 1);
    lua_pushfstring(L, "** (EXIT from %s) shell process exited with reason: %s\n",
                    lua_tostring(L, -1), lua_tostring(L, -2));
    vm_write(R.v, lua_tostring(L, -1), lua_rawlen(L, -1));
    lua_pop(L, 3);
    start_shell(L);
  }
}

static int spawn_main(lua_State *L) {
  const char *name = R.o.script ? R.o.script : "=(command line)";
  int st = R.o.script ? luaL_loadfile(L, R.o.script)
                      : luaL_loadbuffer(L, R.o.eval, strlen(R.o.eval), name);
  if (st != LUA_OK) {
    fprintf(stderr, "repl: %s\n", lua_tostring(L, -1));
    R.status = 1;
    return 0;
  }
  R.main = vm_spawn(R.v, L, 0);
  return 0;
}

static void set_arg(lua_State *L, int argc, char **argv) {
  int i;
  lua_createtable(L, argc, 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - (R.o.first_arg ? R.o.first_arg - 1 : argc));
  }
  lua_setglobal(L, "arg");
}

static int setup(lua_State *L) {
  lua_register(L, "_readline", l_readline);
  lua_register(L, "_history_add", l_history_add);
  lua_pushboolean(L, R.o.color);
  lua_setglobal(L, "_color");
  check_open(L, R.v);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "repl.globals");
  lua_call(L, 1, 0);
  peer_open(L);
  return 0;
}

/* A closed stdin/stdout/stderr would be reused by the first file libuv
** opens, and writes meant for the terminal would land in it. */
static void keep_std_fds(void) {
  int fd;
  for (fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
      exit(1);
}

int main(int argc, char **argv) {
  uv_loop_t *loop;
  lua_State *L;
  int st;
  keep_std_fds();
  /* A write to a socket the other end has closed (a node that went, a
  ** connection cut in the middle of its handshake, an epmd client gone)
  ** must be an error that closes that connection, not SIGPIPE ending the
  ** whole node without a word: ignored, as the BEAM ignores it. */
  signal(SIGPIPE, SIG_IGN);
  st = parse_args(argc, argv, &R.o);
  if (st >= 0) return st;
  /* repl --epmd runs the port mapper instead of a node, before any loop
  ** exists, since --daemon forks */
  if (R.o.epmd || R.o.epmd_daemon || R.o.epmd_names)
    return epmd_main(R.o.epmd, R.o.epmd_daemon, R.o.epmd_names, R.o.epmd_port);
  /* node.start at run time and peer nodes use the same epmd as we do */
  if (R.o.epmd_port && epmd_parse_port(R.o.epmd_port) > 0)
    setenv("ERL_EPMD_PORT", R.o.epmd_port, 1);
  loop = uv_default_loop();
  R.v = vm_new(loop);
  if (R.v == NULL) return 1;
  L = vm_lua(R.v);
  R.dist = dist_open(R.v, loop);
  if (R.o.named) {
    char err[400];
    if (R.o.epmd_port) R.o.dist.epmd_port = epmd_parse_port(R.o.epmd_port);
    if (dist_start_blocking(R.dist, &R.o.dist, err, sizeof err) != 0) {
      fprintf(stderr, "repl: %s\n", err);
      return 1;
    }
  }
  vm_set_on_exit(R.v, on_exit_proc, NULL);
  set_arg(L, argc, argv);
  lua_pushcfunction(L, setup);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    fprintf(stderr, "repl: %s\n", lua_tostring(L, -1));
    return 1;
  }
  if (R.o.peer && peer_child(R.v) != 0) {
    fprintf(stderr, "repl: --peer: cannot watch stdin, the parent's lifeline\n");
    return 1;
  }
  if (R.o.script || R.o.eval) spawn_main(L);
  else if (!R.o.peer) { start_term(); start_shell(L); }
  if (R.status == 0) uv_run(loop, UV_RUN_DEFAULT);
  vm_halted(R.v, &st);
  if (st) R.status = st;
  if (R.term_on) term_stop();
  if (R.keeping) uv_close((uv_handle_t *)&R.keepalive, NULL);
  peer_close();
  dist_close(R.dist);
  vm_close(R.v);
  uv_run(loop, UV_RUN_NOWAIT);
  vm_free(R.v);
  uv_loop_close(loop);
  return R.status;
}

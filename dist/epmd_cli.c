/*
** epmd_cli.c: `repl --epmd`, the port mapper as a command. In the
** foreground it logs each registration; with --daemon it detaches first,
** and the command returns only once the daemon listens (or says why it
** cannot), so that whoever started it can register at once; --names asks
** a running epmd what it knows, like `epmd -names`.
*/
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "epmd.h"

typedef struct serving {
  epmd_server *srv;
  uv_signal_t sigint, sigterm;
} serving;

/* ---- --names ---- */

static void on_names(int status, const epmd_name *names, size_t n,
                     const char *err, void *ud) {
  int *port = ud, *st = port + 1;
  size_t i;
  if (status != EPMD_OK) {
    fprintf(stderr, "repl: no epmd answers on port %d of this host (%s); "
            "start one with: repl --epmd --daemon --epmd-port %d\n", *port, err, *port);
    *st = 1;
    return;
  }
  /* the words of `epmd -names`, so that what learners read elsewhere fits */
  printf("epmd: up and running on port %d with data:\n", *port);
  for (i = 0; i < n; i++) printf("name %s at port %d\n", names[i].name, names[i].port);
  *st = 0;
}

static int list_names(int port) {
  uv_loop_t loop;
  int ctx[2] = {port, 1};
  uv_loop_init(&loop);
  if (epmd_names(&loop, "localhost", port, on_names, ctx) == 0)
    uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return ctx[1];
}

/* ---- serving ---- */

static void log_line(void *ud, const char *line) {
  (void)ud;
  printf("epmd: %s\n", line);
  fflush(stdout);               /* one line at a time, even into a pipe */
}

static void stop(void *ud) {
  serving *sv = ud;
  epmd_server_close(sv->srv);
  uv_close((uv_handle_t *)&sv->sigint, NULL);
  uv_close((uv_handle_t *)&sv->sigterm, NULL);
}

static void on_signal(uv_signal_t *h, int signum) {
  (void)signum;
  stop(h->data);
}

/* Serves until SIGINT, SIGTERM or an accepted KILL_REQ. */
static void serve_loop(uv_loop_t *loop, serving *sv) {
  sv->sigint.data = sv->sigterm.data = sv;
  uv_signal_init(loop, &sv->sigint);
  uv_signal_init(loop, &sv->sigterm);
  uv_signal_start(&sv->sigint, on_signal, SIGINT);
  uv_signal_start(&sv->sigterm, on_signal, SIGTERM);
  epmd_server_on_kill(sv->srv, stop, sv);
  uv_run(loop, UV_RUN_DEFAULT);
}

static int foreground(int port) {
  uv_loop_t loop;
  serving sv;
  char err[256];
  uv_loop_init(&loop);
  sv.srv = epmd_server_start(&loop, port, log_line, NULL, err, sizeof err);
  if (sv.srv == NULL) {
    fprintf(stderr, "repl: epmd %s (is an epmd running already? "
            "repl --epmd --names --epmd-port %d tells)\n", err, port);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return 1;
  }
  snprintf(err, sizeof err, "listening on port %d", epmd_server_port(sv.srv));
  log_line(NULL, err);
  serve_loop(&loop, &sv);
  uv_loop_close(&loop);
  return 0;
}

/* ---- --daemon ---- */

/* The daemon's side: listen, tell the waiting parent through fd, and from
** then on have no terminal at all. */
static int daemon_child(int port, int fd) {
  uv_loop_t loop;
  serving sv;
  char err[256], msg[320];
  int null = open("/dev/null", O_RDWR);
  if (chdir("/") < 0) { /* not fatal: the daemon opens no files */ }
  uv_loop_init(&loop);
  sv.srv = epmd_server_start(&loop, port, NULL, NULL, err, sizeof err);
  if (sv.srv == NULL) snprintf(msg, sizeof msg, "epmd %s", err);
  else strcpy(msg, "ok");
  if (null >= 0) {
    dup2(null, 0); dup2(null, 1); dup2(null, 2);
    if (null > 2) close(null);
  }
  if (write(fd, msg, strlen(msg)) < 0) { /* the parent is gone: serve anyway */ }
  close(fd);
  if (sv.srv) serve_loop(&loop, &sv);
  else uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return sv.srv ? 0 : 1;
}

/* Reads the child's word until it closes the pipe. */
static int await_daemon(int fd, int port) {
  char msg[320];
  size_t n = 0;
  ssize_t k;
  while (n < sizeof msg - 1 &&
         ((k = read(fd, msg + n, sizeof msg - 1 - n)) > 0 || (k < 0 && errno == EINTR)))
    if (k > 0) n += (size_t)k;
  msg[n] = 0;
  close(fd);
  if (strcmp(msg, "ok") == 0) return 0;
  if (n == 0) fprintf(stderr, "repl: the epmd daemon died while starting\n");
  else fprintf(stderr, "repl: %s (is an epmd running already? "
               "repl --epmd --names --epmd-port %d tells)\n", msg, port);
  return 1;
}

/* fork, setsid, fork: the daemon leads no session, so it can never gain a
** controlling terminal. Done before any loop exists: a libuv loop does not
** survive a fork without uv_loop_fork, and we want none in the parent. */
static int daemonize(int port) {
  int p[2];
  pid_t pid;
  fflush(NULL);
  if (pipe(p) < 0) { perror("repl: pipe"); return 1; }
  if ((pid = fork()) < 0) { perror("repl: fork"); return 1; }
  if (pid > 0) {
    close(p[1]);
    waitpid(pid, NULL, 0);         /* the middle process exits at once */
    return await_daemon(p[0], port);
  }
  close(p[0]);
  setsid();
  signal(SIGHUP, SIG_IGN);
  if ((pid = fork()) != 0) _exit(pid < 0);
  exit(daemon_child(port, p[1]));
}

int epmd_main(int serve, int daemon, int names, const char *port_arg) {
  int port = port_arg ? epmd_parse_port(port_arg) : epmd_default_port();
  if (port < 0) {
    fprintf(stderr, "repl: --epmd-port needs a port number from 1 to 65535, "
            "not '%s'; see repl --help\n", port_arg);
    return 2;
  }
  if (!serve) {
    fprintf(stderr, "repl: --%s goes with --epmd, as in repl --epmd --%s; "
            "see repl --help\n", daemon ? "daemon" : "names", daemon ? "daemon" : "names");
    return 2;
  }
  if (daemon && names) {
    fprintf(stderr, "repl: --daemon starts an epmd and --names asks one; "
            "give one of them; see repl --help\n");
    return 2;
  }
  if (names) return list_names(port);
  return daemon ? daemonize(port) : foreground(port);
}

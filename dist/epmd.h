/*
** epmd.h: EPMD, the Erlang port mapper, both sides, on libuv.
**
** The client registers a node's name and listen port with the epmd of its
** host (the TCP connection stays open for the node's lifetime: closing it
** unregisters), asks an epmd which port a node listens on, and lists the
** names an epmd knows. The server is the embedded port mapper behind
** `repl --epmd`; real erl nodes and the real `epmd -names` can use it.
** The wire format is erts' "Distribution Protocol" chapter, EPMD section.
**
** Everything is asynchronous: callbacks run on the loop, never from inside
** the call that started the operation. Error results come with one sentence
** (err) fit to show a learner; it is valid only during the callback.
*/
#ifndef DIST_EPMD_H
#define DIST_EPMD_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define EPMD_DEFAULT_PORT 4369
#define EPMD_NODE_NORMAL 77       /* 'M' */
#define EPMD_NODE_HIDDEN 72       /* 'H' */
#define EPMD_MAX_NAME 255         /* the longest alive name epmd accepts */
#define EPMD_TIMEOUT_MS 10000     /* as erl_epmd: a silent epmd is an error */

typedef enum epmd_status {
  EPMD_OK = 0,
  EPMD_NOT_FOUND,     /* port_please: no node of that name on that host */
  EPMD_TAKEN,         /* register: the name is registered already */
  EPMD_UNREACHABLE,   /* the host did not resolve or nothing listens there */
  EPMD_PROTOCOL,      /* the answer was not the EPMD protocol */
  EPMD_CLOSED,        /* epmd closed the connection (before answering, or
                         a live registration) */
  EPMD_TIMEOUT        /* no answer within EPMD_TIMEOUT_MS */
} epmd_status;

/* The port given by ERL_EPMD_PORT, else EPMD_DEFAULT_PORT (also when the
** variable does not hold a port number). */
int epmd_default_port(void);
/* s as a port number 1..65535, or -1. */
int epmd_parse_port(const char *s);

/* ---- Client ---- */

/* Registration. The callback runs once with the result; after EPMD_OK it
** may run once more, with EPMD_CLOSED, if epmd drops the registration
** later (epmd was stopped). A callback with an error ends the
** registration: r is freed when it returns, and the caller forgets it.
** Otherwise r lives until epmd_unregister(r). */
typedef struct epmd_reg epmd_reg;
typedef void (*epmd_reg_cb)(epmd_reg *r, int status, uint32_t creation,
                            const char *err, void *ud);

/* Registers name (the part before '@') with listen_port at the epmd on
** 127.0.0.1:epmd_port, as a normal or hidden node, offering distribution
** versions 5 to 6. Returns NULL (no callback) when name is empty or longer
** than EPMD_MAX_NAME, or memory runs out. */
epmd_reg *epmd_register(uv_loop_t *loop, int epmd_port, const char *name,
                        int listen_port, int hidden, epmd_reg_cb cb, void *ud);
/* Closes the registration connection, which unregisters the name; cancels
** a registration still in progress (its callback will not run). r is freed
** once libuv has closed its handles. Not for use after an error callback. */
void epmd_unregister(epmd_reg *r);

/* What PORT_PLEASE2 tells of a node. */
typedef struct epmd_node {
  const char *name;
  int port;                /* its distribution listen port */
  int type;                /* EPMD_NODE_NORMAL or EPMD_NODE_HIDDEN */
  int protocol;            /* 0: TCP/IPv4 */
  int highest, lowest;     /* distribution versions it speaks */
} epmd_node;
/* node is NULL unless status is EPMD_OK. EPMD_NOT_FOUND says "no node
** named 'bob' on host 'x'". */
typedef void (*epmd_port_cb)(int status, const epmd_node *node,
                             const char *err, void *ud);
/* Asks the epmd at host:epmd_port where name listens. host NULL is
** "localhost". Returns 0, or a libuv error (bad name, no memory) and then
** the callback will not run. */
int epmd_port_please(uv_loop_t *loop, const char *host, int epmd_port,
                     const char *name, epmd_port_cb cb, void *ud);

typedef struct epmd_name {
  const char *name;
  int port;
} epmd_name;
/* names[0..n-1] as epmd listed them; valid during the callback. */
typedef void (*epmd_names_cb)(int status, const epmd_name *names, size_t n,
                              const char *err, void *ud);
/* NAMES_REQ to the epmd at host:epmd_port (host NULL: "localhost"). */
int epmd_names(uv_loop_t *loop, const char *host, int epmd_port,
               epmd_names_cb cb, void *ud);

/* ---- Server ---- */

typedef struct epmd_server epmd_server;
/* One line (no newline) per registration and unregistration. */
typedef void (*epmd_log_fn)(void *ud, const char *line);

/* Listens on 0.0.0.0:port, and on [::]:port when the host has IPv6. port 0
** picks a free port (see epmd_server_port). log may be NULL. Returns NULL
** and a sentence in err when it cannot listen. */
epmd_server *epmd_server_start(uv_loop_t *loop, int port, epmd_log_fn log,
                               void *ud, char *err, size_t errlen);
int epmd_server_port(const epmd_server *s);
size_t epmd_server_count(const epmd_server *s);  /* names registered now */
/* Called when a KILL_REQ was accepted (from this host, with no node
** registered): the owner should close the server and end. */
void epmd_server_on_kill(epmd_server *s, void (*fn)(void *ud), void *ud);
/* Closes every connection and the listeners; s is freed once libuv has
** closed them, so run the loop afterwards. */
void epmd_server_close(epmd_server *s);

/* ---- Command line (repl --epmd) ----
** serve: --epmd given; daemon: --daemon; names: --names; port_arg: the
** --epmd-port value or NULL (then ERL_EPMD_PORT, then 4369). Runs its own
** loop (forking first for --daemon) and returns the exit status. */
int epmd_main(int serve, int daemon, int names, const char *port_arg);

#endif

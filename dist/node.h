/*
** node.h: what repl/ sees of distribution: open it on a vm (the Lua `node`
** module appears), start it under a name (as erl's -sname/-name), stop it.
*/
#ifndef DIST_NODE_H
#define DIST_NODE_H

#include <stddef.h>
#include <uv.h>
#include "vm.h"

typedef struct dnode dnode;

typedef struct dist_opts {
  const char *name;        /* "alice" or "alice@host" */
  int longnames;           /* --name (1) or --sname (0) */
  const char *cookie;      /* NULL: ~/.erlang.cookie */
  int hidden;
  int epmd_port;           /* 0: ERL_EPMD_PORT or 4369 */
  int port_min, port_max;  /* listen port range; 0, 0: any */
  int ticktime;            /* seconds; 0: 60 */
  const char *tls_certfile;    /* TLS distribution when given (PEM) */
  const char *tls_keyfile;     /* NULL: the key is in the certificate file */
  const char *tls_cacertfile;  /* given: peers' certificates are checked */
} dist_opts;

dnode *dist_open(vm *v, uv_loop_t *loop);
/* Starts distribution, running the loop until the node is registered with
** epmd (starting the embedded one if none listens). 0, or -1 with one
** sentence in err. */
int dist_start_blocking(dnode *d, const dist_opts *o, char *err, size_t n);
void dist_close(dnode *d);   /* closes connections, listener, registration */

#endif

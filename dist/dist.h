/*
** dist.h: the distribution core as the rest of dist/ shares it: this node's
** state (net_kernel's job in OTP) and its connections to other nodes.
** repl/ sees only dist_open and dist_start (see node.h).
*/
#ifndef DIST_DIST_H
#define DIST_DIST_H

#include <stdint.h>
#include <lua.h>
#include <uv.h>
#include "vm.h"
#include "buf.h"
#include "handshake.h"
#include "epmd.h"
#include "node.h"

typedef struct conn conn;

/* C_WAITING: our attempt lost a simultaneous connect; the peer's own
** connection to us will carry what waits here (waiters, held frames). */
enum { C_LOOKUP, C_CONNECTING, C_HANDSHAKE, C_WAITING, C_UP, C_CLOSING };

/* Control message operations (erl_dist_protocol, "Protocol between
** Connected Nodes"). */
enum {
  OP_LINK = 1, OP_SEND = 2, OP_EXIT = 3, OP_UNLINK = 4, OP_REG_SEND = 6,
  OP_GROUP_LEADER = 7, OP_EXIT2 = 8, OP_MONITOR_P = 19, OP_DEMONITOR_P = 20,
  OP_MONITOR_P_EXIT = 21, OP_SEND_SENDER = 22, OP_PAYLOAD_EXIT = 24,
  OP_PAYLOAD_EXIT2 = 26, OP_PAYLOAD_MONITOR_P_EXIT = 28,
  OP_SPAWN_REQUEST = 29, OP_SPAWN_REPLY = 31, OP_UNLINK_ID = 35,
  OP_UNLINK_ID_ACK = 36, OP_ALIAS_SEND = 33
};

struct conn {
  uv_tcp_t tcp;
  dnode *d;
  conn *next;
  int state, initiator, hidden;
  char peer[256];          /* full node name ("" until an acceptor learns it) */
  uint32_t node;           /* the vm's index for peer */
  uint64_t flags;          /* both sides' flags, and-ed */
  hs h;
  dbuf in;                 /* bytes read, not yet a whole frame */
  dbuf out;                /* frames waiting to be written */
  dbuf held;               /* frames sent before the connection was up */
  dbuf wbuf;               /* the batch being written */
  uv_write_t wreq;
  int writing;
  uv_timer_t tick;
  uint64_t last_in;        /* uv_now when something last arrived */
  int wrote_since_tick;
  int waiters;             /* registry ref: pids waiting for the outcome */
  char why[300];           /* why it failed, for node.connect */
  int handles;             /* open handles and requests in flight: free at 0 */
  int tcp_closed;
  int quiet;               /* closing without telling anyone (superseded) */
  int dirty;               /* has frames for the next flush (conn.c) */
  struct ssl_st *ssl;      /* TLS distribution: the session (tls.c) */
  dbuf tls_out;            /* TLS: sealed bytes for the socket */
};

struct dnode {
  vm *v;
  lua_State *L;
  uv_loop_t *loop;
  int alive;               /* named and registered */
  char name[256], host[200];
  int longnames, hidden;
  char cookie[256];
  int cookies;             /* registry ref: node name -> cookie */
  uint32_t creation;
  uv_tcp_t *listener;      /* while listening; a new one for each start */
  int listening, port;
  epmd_reg *reg;
  int epmd_port, port_min, port_max;
  int ticktime;            /* seconds */
  conn *conns;
  uv_prepare_t flusher;    /* writes what processes sent, once a loop turn */
  int flusher_on;
  uv_idle_t spinner;       /* polls a little longer after a read (conn.c) */
  int spinner_on;
  uint64_t last_read_ns;
  int node_monitors;       /* registry ref: pid -> count (monitor_nodes) */
  int one_monitors;        /* registry ref: node -> {pid -> count} */
  int st_done, st_failed, st_tries;   /* starting (node.c) */
  char st_err[300];
  void (*st_then)(dnode *d, const char *err);
  int start_waiter;        /* registry ref: the pid waiting in node.start */
  int cuts;                /* registry ref: node -> true, cut off (partition.c) */
  struct ssl_ctx_st *tls_server, *tls_client;   /* TLS on when set (tls.c) */
  char *tls_paths[3];      /* its certificate, key and CA files, for peers */
};

/* conn.c */
conn *conn_find(dnode *d, const char *peer);
conn *conn_connect(dnode *d, const char *peer);  /* starts it, or the live one */
void conn_accept(dnode *d, uv_stream_t *server);
/* Queues a frame: the control tuple of the n values on top of L (popped)
** and the message at msg (0: none). -1 with the encoder's sentence on L. */
int conn_send(conn *c, lua_State *L, int n, int msg);
void conn_close(conn *c, const char *why);
int conn_close_all(dnode *d, const char *peer, const char *why);
/* pid (a stack index) is told {'$dist_connect', peer, ok, why} when the
** connection is up or has failed. */
void conn_add_waiter(conn *c, lua_State *L, int pid);

/* node.c */
const char *dist_cookie_for(dnode *d, const char *peer);
void dist_nodeup(dnode *d, conn *c);
void dist_nodedown(dnode *d, conn *c, int was_up);
const char *dist_check_peer(dnode *d, const char *peer); /* NULL: fine */
dnode *dist_of(lua_State *L);

/* partition.c: node.cut and node.heal */
void partition_open(lua_State *L, dnode *d);
int dist_is_cut(dnode *d, const char *peer);

/* control.c */
int control_dispatch(conn *c, lua_State *L, const unsigned char *frame,
                     size_t len);
void control_install(dnode *d);   /* the vm_dist seam */
int control_send_up(dnode *d, lua_State *L, int dest, int msg);

#endif

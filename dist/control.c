/*
** control.c: control messages, both ways. Incoming frames are decoded and
** turned into the vm's signals (vm.h, "Signals from other nodes"); the
** vm's operations on remote pids (the vm_dist seam) become outgoing ones.
** Control messages are tuples whose first element says the operation
** (erl_dist_protocol, "Protocol between Connected Nodes").
*/
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include "dist.h"
#include "etf.h"

/* ---- building terms ---- */

static void push_atom(lua_State *L, const char *s) {
  vm_push_atom(L, s, strlen(s));
}

/* The pid of the running process; outside one (a send_after timer firing)
** net_kernel's, a process of dist/lua/node.lua. */
static void push_sender(lua_State *L, dnode *d) {
  vm_proc *p = vm_current(d->v);
  if (p) { vm_push_pid(L, p); return; }
  lua_getglobal(L, "whereis");
  lua_pushliteral(L, "net_kernel");
  lua_call(L, 1, 1);
}

/* The node name a remote pid, alias or {name, node} belongs to, pushed. */
static int push_node_of(lua_State *L, int idx) {
  uint32_t node, id, serial, creation;
  vm_refnum r;
  if (vm_pid_numbers(L, idx, &node, &id, &serial, &creation)) {
    vm_push_node_name(L, node);
    return 1;
  }
  if (vm_ref_numbers(L, idx, &r)) {
    vm_push_node_name(L, r.node);
    return 1;
  }
  if (vm_tuple_size(L, idx) == 2) {
    vm_tuple_get(L, idx, 2);
    if (vm_atom_name(L, -1, NULL)) {
      size_t n;
      const char *s = vm_atom_name(L, -1, &n);
      lua_pushlstring(L, s, n);
      lua_remove(L, -2);
    }
    if (lua_type(L, -1) == LUA_TSTRING) return 1;
    lua_pop(L, 1);
  }
  return 0;
}

static int is_pid(lua_State *L, int idx) {
  uint32_t node, id, serial, creation;
  return vm_pid_numbers(L, idx, &node, &id, &serial, &creation);
}

/* The connection for the node of the value at idx, made if need be. */
static conn *conn_for(dnode *d, lua_State *L, int idx) {
  conn *c = NULL;
  if (push_node_of(L, idx)) {
    const char *peer = lua_tostring(L, -1);
    if (strchr(peer, '@') && strcmp(peer, d->name) != 0) c = conn_connect(d, peer);
    lua_pop(L, 1);
  }
  return c;
}

/* Sends tuple(op, the n values on top) (and msg) to c, popping them. */
static int send_ctrl(conn *c, lua_State *L, int op, int n, int msg) {
  if (c == NULL) { lua_pop(L, n); return 0; }
  msg = msg ? lua_absindex(L, msg) : 0;
  lua_pushinteger(L, op);
  lua_insert(L, -n - 1);
  if (conn_send(c, L, n + 1, msg) != 0) return lua_error(L);  /* the sentence */
  return 0;
}

/* ---- the vm_dist seam: from local processes outward ---- */

/* Sends msg to dest (a remote pid, alias or {name, node}) on c. */
static int send_on(dnode *d, conn *c, lua_State *L, int dest, int msg) {
  vm_refnum alias;
  if (vm_ref_numbers(L, dest, &alias)) {
    /* an alias: {ALIAS_SEND, From, Alias}; a node that has none (no
    ** DFLAG_ALIAS) cannot have made it, so the message is dropped */
    if (c->state == C_UP && !(c->flags & DFLAG_ALIAS)) return 0;
    push_sender(L, d);
    lua_pushvalue(L, dest);
    return send_ctrl(c, L, OP_ALIAS_SEND, 2, msg);
  }
  if (vm_tuple_size(L, dest) == 2) {             /* {name, node}: REG_SEND */
    push_sender(L, d);
    push_atom(L, "");
    vm_tuple_get(L, dest, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {        /* names travel as atoms */
      size_t n;
      const char *s = lua_tolstring(L, -1, &n);
      vm_push_atom(L, s, n);
      lua_remove(L, -2);
    }
    return send_ctrl(c, L, OP_REG_SEND, 3, msg);
  }
  push_atom(L, "");
  lua_pushvalue(L, dest);
  return send_ctrl(c, L, OP_SEND, 2, msg);
}

static int d_send(void *ud, lua_State *L, int dest, int msg) {
  dnode *d = ud;
  conn *c = conn_for(d, L, dest);
  if (c == NULL) return 0;          /* no such node: dropped, as on the BEAM */
  return send_on(d, c, L, dest, msg);
}

/* As d_send but never connecting, as erlang:send/3 with noconnect: 1 when
** sent on the connection that is up, 0 when dropped (none is up), -1 when
** dest is on this node, for the caller to send as any message. */
int control_send_up(dnode *d, lua_State *L, int dest, int msg) {
  conn *c = NULL;
  int here;
  dest = lua_absindex(L, dest);
  msg = lua_absindex(L, msg);
  if (!push_node_of(L, dest)) return -1;
  vm_push_node_name(L, 0);            /* this node's name, nonode@nohost too */
  here = lua_rawequal(L, -1, -2);
  if (!here) c = conn_find(d, lua_tostring(L, -2));
  lua_pop(L, 2);
  if (here) return -1;
  if (c == NULL || c->state != C_UP) return 0;
  send_on(d, c, L, dest, msg);
  return 1;
}

static int d_link(void *ud, lua_State *L, int from, int remote) {
  conn *c = conn_for(ud, L, remote);
  lua_pushvalue(L, from);
  lua_pushvalue(L, remote);
  return send_ctrl(c, L, OP_LINK, 2, 0);
}

static int d_unlink(void *ud, lua_State *L, int from, int remote) {
  static lua_Integer next_id = 1;
  conn *c = conn_for(ud, L, remote);
  if (c && c->state == C_UP && !(c->flags & DFLAG_UNLINK_ID)) {
    lua_pushvalue(L, from);
    lua_pushvalue(L, remote);
    return send_ctrl(c, L, OP_UNLINK, 2, 0);
  }
  lua_pushinteger(L, next_id++);
  lua_pushvalue(L, from);
  lua_pushvalue(L, remote);
  return send_ctrl(c, L, OP_UNLINK_ID, 3, 0);
}

/* What a monitor names on the wire: the pid, or the name of {name, node}. */
static void push_target(lua_State *L, int remote) {
  if (vm_tuple_size(L, remote) == 2) {
    vm_tuple_get(L, remote, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      size_t n;
      const char *s = lua_tolstring(L, -1, &n);
      vm_push_atom(L, s, n);
      lua_remove(L, -2);
    }
  } else lua_pushvalue(L, remote);
}

/* {19 or 20, From, ToProc, Ref}: MONITOR_P and DEMONITOR_P. */
static int monitor_op(void *ud, lua_State *L, int op, int from, int remote,
                      int ref) {
  conn *c = conn_for(ud, L, remote);
  lua_pushvalue(L, from);
  push_target(L, remote);
  lua_pushvalue(L, ref);
  return send_ctrl(c, L, op, 3, 0);
}

static int d_monitor(void *ud, lua_State *L, int from, int remote, int ref) {
  return monitor_op(ud, L, OP_MONITOR_P, from, remote, ref);
}

static int d_demonitor(void *ud, lua_State *L, int from, int remote, int ref) {
  return monitor_op(ud, L, OP_DEMONITOR_P, from, remote, ref);
}

/* Exit reasons keep their atoms; payload forms carry the reason apart. */
static int d_exit(void *ud, lua_State *L, int from, int remote, int reason,
                  int linked) {
  conn *c = conn_for(ud, L, remote);
  lua_pushvalue(L, from);
  lua_pushvalue(L, remote);
  if (c && c->state == C_UP && !(c->flags & DFLAG_EXIT_PAYLOAD)) {
    lua_pushvalue(L, reason);
    return send_ctrl(c, L, linked ? OP_EXIT : OP_EXIT2, 3, 0);
  }
  return send_ctrl(c, L, linked ? OP_PAYLOAD_EXIT : OP_PAYLOAD_EXIT2, 2, reason);
}

static int d_down(void *ud, lua_State *L, int from, int watcher, int ref,
                  int item, int reason) {
  conn *c = conn_for(ud, L, watcher);
  if (vm_tuple_size(L, item) == 2) vm_tuple_get(L, item, 1);  /* by name */
  else lua_pushvalue(L, from);
  lua_pushvalue(L, watcher);
  lua_pushvalue(L, ref);
  return send_ctrl(c, L, OP_PAYLOAD_MONITOR_P_EXIT, 3, reason);
}

/* {7, GroupLeader, Pid}: GROUP_LEADER, erlang:group_leader(GL, Pid) for a
** pid of the peer's; the peer sets it, and nothing comes back. */
static int d_group_leader(void *ud, lua_State *L, int gl, int remote) {
  conn *c = conn_for(ud, L, remote);
  lua_pushvalue(L, gl);
  lua_pushvalue(L, remote);
  return send_ctrl(c, L, OP_GROUP_LEADER, 2, 0);
}

void control_install(dnode *d) {
  vm_dist seam;
  seam.ud = d;
  seam.send = d_send;
  seam.link = d_link;
  seam.unlink = d_unlink;
  seam.monitor = d_monitor;
  seam.demonitor = d_demonitor;
  seam.exit = d_exit;
  seam.down = d_down;
  seam.group_leader = d_group_leader;
  vm_set_dist(d->v, &seam);
}

/* ---- incoming: from other nodes to local processes ---- */

#define S_CTRL 4     /* stack slots in dispatch_p */
#define S_MSG  5

static int elem(lua_State *L, int i) {   /* pushes element i of the control */
  vm_tuple_get(L, S_CTRL, i);
  return lua_gettop(L);
}

/* A monitored process named by an atom is {name, node} in the DOWN. */
static int down_item(lua_State *L, conn *c, int proc) {
  if (vm_atom_name(L, proc, NULL)) {
    lua_pushvalue(L, proc);
    lua_pushstring(L, c->peer);
    vm_push_tuple(L, 2);
    return lua_gettop(L);
  }
  return proc;
}

static void reply_noproc(conn *c, lua_State *L, int proc, int watcher, int ref) {
  int reason;
  push_atom(L, "noproc");
  reason = lua_gettop(L);
  lua_pushvalue(L, proc);
  lua_pushvalue(L, watcher);
  lua_pushvalue(L, ref);
  send_ctrl(c, L, OP_PAYLOAD_MONITOR_P_EXIT, 3, reason);
  lua_pop(L, 1);
}

static void on_reg_send(conn *c, lua_State *L) {
  int name = elem(L, 4);
  lua_getglobal(L, "_dist_reg_send");    /* system names, in dist/lua */
  if (lua_isfunction(L, -1)) {
    lua_pushstring(L, c->peer);
    lua_pushvalue(L, name);
    elem(L, 2);
    lua_pushvalue(L, S_MSG);
    lua_call(L, 4, 1);
    if (lua_toboolean(L, -1)) return;    /* handled */
  }
  vm_deliver_to(L, name, S_MSG);           /* unknown names: dropped */
}

static void on_spawn_request(conn *c, lua_State *L) {
  /* {29, ReqId, From, GroupLeader, {M, F, A}, Opts} + Args */
  int reqid = elem(L, 2), from = elem(L, 3), gl = elem(L, 4), mfa = elem(L, 5);
  int opts = elem(L, 6), pid, flags;
  lua_getglobal(L, "_dist_spawn_request");
  lua_pushstring(L, c->peer);
  lua_pushvalue(L, reqid);
  lua_pushvalue(L, from);
  lua_pushvalue(L, gl);
  vm_tuple_get(L, mfa, 1);
  vm_tuple_get(L, mfa, 2);
  lua_pushvalue(L, S_MSG);
  lua_pushvalue(L, opts);
  lua_call(L, 8, 2);                     /* the pid (or a reason), flags */
  pid = lua_gettop(L) - 1;
  flags = (int)lua_tointeger(L, -1);
  /* link and monitor now, before the new process runs or the reply goes */
  if (flags & 1) vm_link_from(L, pid, from);
  if (flags & 2) vm_monitor_from(L, pid, from, reqid);
  lua_pushvalue(L, reqid);               /* {31, ReqId, To, Flags, Result} */
  lua_pushvalue(L, from);
  lua_pushinteger(L, flags);
  lua_pushvalue(L, pid);
  send_ctrl(c, L, OP_SPAWN_REPLY, 4, 0);
}

static int dispatch_p(lua_State *L) {
  conn *c = lua_touserdata(L, 1);
  const unsigned char *f = lua_touserdata(L, 2);
  size_t n = (size_t)lua_tointeger(L, 3), pos = 1;
  lua_Integer op;
  lua_settop(L, 3);
  if (n < 1 || f[0] != 112) return luaL_error(L, "unknown frame type %d", f[0]);
  etf_decode_in(L, f, n, &pos);                       /* S_CTRL */
  if (pos < n) etf_decode_in(L, f, n, &pos);          /* S_MSG */
  lua_settop(L, S_MSG);
  if (vm_tuple_size(L, S_CTRL) < 1) return luaL_error(L, "control message is not a tuple");
  vm_tuple_get(L, S_CTRL, 1);
  op = lua_tointeger(L, -1);
  lua_pop(L, 1);
  switch (op) {
    case OP_SEND: vm_deliver_to(L, elem(L, 3), S_MSG); break;
    case OP_SEND_SENDER: vm_deliver_to(L, elem(L, 3), S_MSG); break;
    case OP_REG_SEND: on_reg_send(c, L); break;
    case OP_ALIAS_SEND: vm_deliver_to(L, elem(L, 3), S_MSG); break;
    case OP_LINK: vm_link_from(L, elem(L, 3), elem(L, 2)); break;
    case OP_UNLINK: vm_unlink_from(L, elem(L, 3), elem(L, 2)); break;
    case OP_UNLINK_ID: {
      int id = elem(L, 2), from = elem(L, 3), to = elem(L, 4);
      vm_unlink_from(L, to, from);
      lua_pushvalue(L, id); lua_pushvalue(L, to); lua_pushvalue(L, from);
      send_ctrl(c, L, OP_UNLINK_ID_ACK, 3, 0);
      break;
    }
    case OP_UNLINK_ID_ACK: break;
    case OP_EXIT: vm_exit_from(L, elem(L, 3), elem(L, 2), elem(L, 4), 1); break;
    case OP_PAYLOAD_EXIT: vm_exit_from(L, elem(L, 3), elem(L, 2), S_MSG, 1); break;
    case OP_EXIT2: vm_exit_from(L, elem(L, 3), elem(L, 2), elem(L, 4), 0); break;
    case OP_PAYLOAD_EXIT2: vm_exit_from(L, elem(L, 3), elem(L, 2), S_MSG, 0); break;
    case OP_MONITOR_P: {
      int from = elem(L, 2), proc = elem(L, 3), ref = elem(L, 4);
      if (!vm_monitor_from(L, proc, from, ref)) reply_noproc(c, L, proc, from, ref);
      break;
    }
    case OP_DEMONITOR_P: vm_demonitor_from(L, elem(L, 3), elem(L, 4)); break;
    case OP_MONITOR_P_EXIT: {
      int proc = elem(L, 2);
      vm_down_from(L, elem(L, 3), elem(L, 4), down_item(L, c, proc), elem(L, 5));
      break;
    }
    case OP_PAYLOAD_MONITOR_P_EXIT: {
      int proc = elem(L, 2);
      vm_down_from(L, elem(L, 3), elem(L, 4), down_item(L, c, proc), S_MSG);
      break;
    }
    case OP_GROUP_LEADER: {              /* {7, GL, Pid}, for a pid of ours */
      uint32_t node = 1, id, serial, creation;
      int to = elem(L, 3);
      vm_pid_numbers(L, to, &node, &id, &serial, &creation);
      lua_getglobal(L, "group_leader");
      if (node == 0 && lua_isfunction(L, -1)) {
        elem(L, 2);
        lua_pushvalue(L, to);
        /* a signal to a process that has gone, or with a leader that is
        ** no pid, is dropped as on the BEAM: not a reason to drop the
        ** connection (group_leader raises for both) */
        if (lua_pcall(L, 2, 0, 0) != LUA_OK) lua_pop(L, 1);
      } else lua_pop(L, 1);
      break;
    }
    case OP_SPAWN_REQUEST: on_spawn_request(c, L); break;
    case OP_SPAWN_REPLY: {               /* to the process that asked */
      int reqid = elem(L, 2), to = elem(L, 3), flags = elem(L, 4), result = elem(L, 5);
      if (lua_tointeger(L, flags) & 1) vm_link_from(L, to, result);
      /* monitored (spawn_request's monitor option): the request id is the
      ** monitor's ref; an asker that is gone no longer wants it */
      if ((lua_tointeger(L, flags) & 2) && is_pid(L, result)
          && !vm_monitor_record(L, to, result, reqid)) {
        lua_pushvalue(L, to);
        lua_pushvalue(L, result);
        lua_pushvalue(L, reqid);
        send_ctrl(c, L, OP_DEMONITOR_P, 3, 0);
      }
      push_atom(L, "$spawn_reply");
      elem(L, 2);
      elem(L, 5);
      elem(L, 4);
      vm_push_tuple(L, 4);
      vm_deliver_to(L, to, lua_gettop(L));
      break;
    }
    default: break;                      /* what we do not use: ignored */
  }
  return 0;
}

int control_dispatch(conn *c, lua_State *L, const unsigned char *frame,
                     size_t len) {
  int top = lua_gettop(L), r;
  lua_pushcfunction(L, dispatch_p);
  lua_pushlightuserdata(L, c);
  lua_pushlightuserdata(L, (void *)frame);
  lua_pushinteger(L, (lua_Integer)len);
  r = lua_pcall(L, 3, 0, 0);
  if (r != LUA_OK) {
    char line[900];
    snprintf(line, sizeof line, "** bad message from %s: %s\n", c->peer,
             lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
    vm_write(c->d->v, line, strlen(line));
  }
  lua_settop(L, top);
  return r == LUA_OK ? 0 : -1;
}

/*
** remote.c: signals that arrive from processes of other nodes. dist/
** decodes them off the wire and calls these, and they act on local
** processes with the same rules as local signals (signal.c). The other
** direction, from local processes outward, goes through vm_dist.
*/
#include <string.h>
#include "internal.h"

/* The live local process at idx, or NULL. */
static vm_proc *local_alive(lua_State *L, int idx) {
  vm_proc *p = pid_test(L, idx);
  return (p && pid_local(p) && p->state != P_DEAD) ? p : NULL;
}

int vm_deliver_to(lua_State *L, int dest, int msg) {
  vm_proc *p;
  int top = lua_gettop(L), ok = 0;
  dest = lua_absindex(L, dest);
  msg = lua_absindex(L, msg);
  if (is_udata(L, dest, MT_REF)) {             /* an alias */
    if (alias_lookup(L, dest)) dest = lua_gettop(L);
  } else if (pid_test(L, dest) == NULL && registry_lookup(L, dest)) dest = lua_gettop(L);
  if ((p = local_alive(L, dest)) != NULL) {
    deliver(L, p, msg);
    ok = 1;
  }
  lua_settop(L, top);
  return ok;
}

void vm_link_from(lua_State *L, int local, int remote) {
  vm_proc *p = local_alive(L, local);
  if (p == NULL) {         /* linking to a dead process: noproc back */
    vm *v = vm_of(L);
    if (pid_test(L, remote) && pid_test(L, local) && v->has_dist) {
      local = lua_absindex(L, local);
      remote = lua_absindex(L, remote);
      atom_push(L, "noproc", 6);
      v->dist.exit(v->dist.ud, L, local, remote, lua_gettop(L), 1);
      lua_pop(L, 1);
    }
    return;
  }
  lua_pushboolean(L, 1);
  ext_set(L, p, "links", remote, -1);
  lua_pop(L, 1);
}

void vm_unlink_from(lua_State *L, int local, int remote) {
  vm_proc *p = local_alive(L, local);
  if (p) ext_set(L, p, "links", remote, 0);
}

void vm_exit_from(lua_State *L, int local, int remote, int reason, int linked) {
  vm_proc *p = local_alive(L, local);
  if (p == NULL) return;
  if (linked) {            /* only a link that exists carries a signal */
    int had;
    if (!ext_table(L, p, "links", 0)) return;
    lua_pushvalue(L, remote);
    had = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    if (!had) return;
    ext_set(L, p, "links", remote, 0);
  }
  signal_exit(L, vm_of(L), p, remote, reason, linked);
}

int vm_monitor_from(lua_State *L, int target, int remote, int ref) {
  int top = lua_gettop(L);
  vm_proc *p;
  target = lua_absindex(L, target);
  if (pid_test(L, target) == NULL) {
    int by_name = registry_lookup(L, target);
    p = by_name ? local_alive(L, -1) : NULL;
    if (p) {               /* the DOWN will name {name, node} */
      size_t n;
      const char *s = atom_name(L, target, &n);
      if (s == NULL) s = lua_tolstring(L, target, &n);
      atom_push(L, s, n);
      lua_pushstring(L, vm_of(L)->node_name);
      tuple_new(L, 2);
      ext_set(L, p, "items", ref, -1);
    }
  } else {
    p = local_alive(L, target);
  }
  if (p) ext_set(L, p, "watchers", ref, remote);
  lua_settop(L, top);
  return p != NULL;
}

void vm_demonitor_from(lua_State *L, int target, int ref) {
  int top = lua_gettop(L);
  vm_proc *p;
  target = lua_absindex(L, target);
  if (pid_test(L, target) == NULL && registry_lookup(L, target)) target = lua_gettop(L);
  if ((p = local_alive(L, target)) != NULL) {
    ext_set(L, p, "watchers", ref, 0);
    ext_set(L, p, "items", ref, 0);
  }
  lua_settop(L, top);
}

int vm_monitor_record(lua_State *L, int local, int remote, int ref) {
  vm_proc *p = local_alive(L, local);
  if (p == NULL || pid_test(L, remote) == NULL) return 0;
  ext_set(L, p, "monitors", ref, remote);
  return 1;
}

void vm_down_from(lua_State *L, int watcher, int ref, int item, int reason) {
  vm_proc *p = local_alive(L, watcher);
  int had;
  if (p == NULL || !ext_table(L, p, "monitors", 0)) return;
  lua_pushvalue(L, ref);
  had = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  if (!had) return;        /* demonitored meanwhile */
  ext_set(L, p, "monitors", ref, 0);
  push_down(L, ref, item, reason);
  deliver(L, p, -1);
  lua_pop(L, 1);
}

/* Is the value at idx a pid of node, or a {name, node} naming it? */
static int on_node(lua_State *L, int idx, uint32_t node) {
  vm_proc *q = pid_test(L, idx);
  if (q) return q->num.node == node;
  if (tuple_size(L, idx) == 2) {
    int same;
    const char *n;
    tuple_get(L, idx, 2);
    vm_push_node_name(L, node);
    n = lua_tostring(L, -1);
    same = n && lua_tostring(L, -2) && strcmp(n, lua_tostring(L, -2)) == 0;
    lua_pop(L, 2);
    return same;
  }
  return 0;
}

/* Collects the keys of p's ext field whose key (by_key) or value is on
** node, into a new list on the stack. */
static void crossing(lua_State *L, vm_proc *p, const char *field, uint32_t node,
                     int by_key) {
  int n = 0, t;
  lua_newtable(L);
  if (!ext_table(L, p, field, 0)) return;
  t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (on_node(L, by_key ? -2 : -1, node)) {
      lua_pushvalue(L, -2);
      lua_rawseti(L, t - 1, ++n);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void node_down_one(lua_State *L, vm *v, vm_proc *p, uint32_t node,
                          int reason) {
  int list, i, n;
  crossing(L, p, "links", node, 1);          /* links: pid -> true */
  list = lua_gettop(L);
  n = (int)lua_rawlen(L, list);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, list, i);
    ext_set(L, p, "links", -1, 0);
    signal_exit(L, v, p, lua_gettop(L), reason, 1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  crossing(L, p, "monitors", node, 0);       /* monitors: ref -> target */
  list = lua_gettop(L);
  n = (int)lua_rawlen(L, list);
  for (i = 1; i <= n; i++) {
    int ref;
    lua_rawgeti(L, list, i);
    ref = lua_gettop(L);
    ext_table(L, p, "monitors", 1);
    lua_pushvalue(L, ref);
    lua_rawget(L, -2);                        /* the target: the DOWN's item */
    ext_set(L, p, "monitors", ref, 0);
    push_down(L, ref, lua_gettop(L), reason);
    deliver(L, p, -1);
    lua_settop(L, ref - 1);
  }
  lua_pop(L, 1);
  crossing(L, p, "watchers", node, 0);       /* watchers: ref -> pid */
  list = lua_gettop(L);
  n = (int)lua_rawlen(L, list);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, list, i);
    ext_set(L, p, "watchers", -1, 0);
    ext_set(L, p, "items", -1, 0);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void vm_node_down(lua_State *L, uint32_t node) {
  vm *v = vm_of(L);
  vm_proc *p, *next;
  int reason;
  lua_checkstack(L, 40);
  atom_push(L, "noconnection", 12);
  reason = lua_gettop(L);
  for (p = v->live_head; p; p = next) {
    next = p->next_live;          /* signals may end p, never unlink others */
    if (p->state != P_DEAD) node_down_one(L, v, p, node, reason);
  }
  lua_pop(L, 1);
}

/*
** signal.c: links, monitors and exit signals, with the BEAM's rules:
** a normal exit does not propagate, kill cannot be trapped and turns into
** killed, a trapping process gets {EXIT, from, reason} messages, and a
** monitor delivers one {DOWN, ref, process, pid, reason}, noproc when the
** pid was already dead. A process's ext table (see proc.c) holds:
**   links    pid -> true
**   monitors ref -> pid it watches      watchers ref -> pid watching it
*/
#include <string.h>
#include "internal.h"

int is_reason(lua_State *L, int idx, const char *name) {
  const char *s = atom_name(L, idx, NULL);
  return s != NULL && strcmp(s, name) == 0;
}

void push_tagged(lua_State *L, const char *tag, int n) {
  atom_push(L, tag, strlen(tag));
  lua_insert(L, -n - 1);
  tuple_new(L, n + 1);
}

void deliver(lua_State *L, vm_proc *p, int msg) {
  if (p->state == P_DEAD) return;
  mailbox_push(L, p, msg);
  if (p->flags & F_WAKEMSG) sched_ready(vm_of(L), p);
}

/* Pushes field 'name' of p's ext table, a table, made if create. Returns 0
** (pushing nothing) when absent and not create. */
int ext_table(lua_State *L, vm_proc *p, const char *name, int create) {
  proc_push_ext(L, p, create);
  if (lua_isnil(L, -1)) { lua_pop(L, 1); return 0; }
  if (lua_getfield(L, -1, name) != LUA_TTABLE) {
    lua_pop(L, 1);
    if (!create) { lua_pop(L, 1); return 0; }
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);
  }
  lua_remove(L, -2);
  return 1;
}

/* t[key] = val in p's ext field 'name' (val 0 means remove). */
void ext_set(lua_State *L, vm_proc *p, const char *name, int key, int val) {
  key = lua_absindex(L, key);
  val = val ? lua_absindex(L, val) : 0;
  if (!ext_table(L, p, name, val != 0)) return;
  lua_pushvalue(L, key);
  if (val) lua_pushvalue(L, val); else lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* Sends the exit signal (from, reason) to 'to'. from, reason: indices. */
void signal_exit(lua_State *L, vm *v, vm_proc *to, int from, int reason,
                 int linked) {
  int top = lua_gettop(L);
  from = lua_absindex(L, from);
  reason = lua_absindex(L, reason);
  if (to->state == P_DEAD) return;
  if (!linked && is_reason(L, reason, "kill")) {
    atom_push(L, "killed", 6);
    proc_doom(L, v, to, -1, 1);
  } else if (to->flags & F_TRAP) {
    vm_push_pid(L, to);
    lua_pushvalue(L, from);
    lua_pushvalue(L, reason);
    push_tagged(L, "EXIT", 2);
    deliver(L, to, -1);
  } else if (!is_reason(L, reason, "normal")) {
    proc_doom(L, v, to, reason, !linked);
  } else if (!linked && pid_test(L, from) == to) {
    proc_doom(L, v, to, reason, 1);   /* exit(self(), normal) */
  }
  lua_settop(L, top);
}

void signal_unlink_all(lua_State *L, vm *v, int pidx, int ext, int reason) {
  int links;
  if (lua_getfield(L, ext, "links") != LUA_TTABLE) { lua_pop(L, 1); return; }
  links = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, links)) {
    vm_proc *q = pid_test(L, -2);
    lua_pop(L, 1);
    if (q == NULL) continue;
    if (!pid_local(q)) {
      if (v->has_dist) v->dist.exit(v->dist.ud, L, pidx, lua_gettop(L), reason, 1);
      continue;
    }
    ext_set(L, q, "links", pidx, 0);
    signal_exit(L, v, q, pidx, reason, 1);
  }
  lua_pop(L, 1);
}

void push_down(lua_State *L, int ref, int pid, int reason) {
  lua_pushvalue(L, ref);
  atom_push(L, "process", 7);
  lua_pushvalue(L, pid);
  lua_pushvalue(L, reason);
  push_tagged(L, "DOWN", 4);
}

void signal_down_all(lua_State *L, vm *v, int pidx, int ext, int reason) {
  int t;
  if (lua_getfield(L, ext, "watchers") == LUA_TTABLE) {  /* who watches p */
    t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {          /* ref -> watcher */
      int key = lua_gettop(L) - 1, item = pidx;
      vm_proc *w = pid_test(L, -1);
      if (w == NULL) { lua_settop(L, key); continue; }
      if (lua_getfield(L, ext, "items") == LUA_TTABLE) {  /* by name? */
        lua_pushvalue(L, key);
        if (lua_rawget(L, -2) != LUA_TNIL) item = lua_gettop(L);
      }
      if (pid_local(w)) {
        ext_set(L, w, "monitors", key, 0);
        push_down(L, key, item, reason);
        deliver(L, w, -1);
      } else if (v->has_dist) {
        v->dist.down(v->dist.ud, L, pidx, key + 1, key, item, reason);
      }
      lua_settop(L, key);
    }
  }
  lua_pop(L, 1);
  if (lua_getfield(L, ext, "monitors") == LUA_TTABLE) {  /* p's own end */
    t = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {          /* ref -> pid or {name, node} */
      vm_proc *q = pid_test(L, -1);
      if (q && pid_local(q)) ext_set(L, q, "watchers", -2, 0);
      else if (v->has_dist)
        v->dist.demonitor(v->dist.ud, L, pidx, lua_gettop(L), lua_gettop(L) - 1);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

/* ---- the Lua functions ---- */

static int no_dist(lua_State *L, int idx, const char *what) {
  safe_tostring(L, idx);
  return luaL_error(L, "cannot %s %s: it belongs to another node and this node "
                    "is not distributed (start repl with --sname)", what,
                    lua_tostring(L, -1));
}

/* A reason given as a string like "kill" means the atom, as exit(P, kill). */
void push_reason(lua_State *L, int idx) {
  static const char *const known[] = {"normal", "kill", "killed", "shutdown",
                                      "noproc", "noconnection", NULL};
  int i;
  if (lua_type(L, idx) == LUA_TSTRING)
    for (i = 0; known[i]; i++)
      if (strcmp(lua_tostring(L, idx), known[i]) == 0) {
        atom_push(L, known[i], strlen(known[i]));
        return;
      }
  lua_pushvalue(L, idx);
}

static int l_link(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *self = proc_self(L), *q = pid_check(L, 1);
  lua_settop(L, 1);
  if (q == self) return lua_pushboolean(L, 1), 1;
  /* as if q died now: noproc; or, for a pid of another node while this
  ** one is not distributed (after node.stop()), noconnection, as erl's */
  if ((pid_local(q) && q->state == P_DEAD) || (!pid_local(q) && !v->has_dist)) {
    vm_push_pid(L, self);
    if (pid_local(q)) atom_push(L, "noproc", 6);
    else atom_push(L, "noconnection", 12);
    signal_exit(L, v, self, 1, 3, 1);
    proc_check_signals(L, self);
    return lua_pushboolean(L, 1), 1;
  }
  vm_push_pid(L, self);
  if (!pid_local(q)) v->dist.link(v->dist.ud, L, 2, 1);
  lua_pushboolean(L, 1);
  ext_set(L, self, "links", 1, 3);
  if (pid_local(q)) ext_set(L, q, "links", 2, 3);
  return lua_pushboolean(L, 1), 1;
}

static int l_unlink(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *self = proc_self(L), *q = pid_check(L, 1);
  lua_settop(L, 1);
  ext_set(L, self, "links", 1, 0);
  if (!pid_local(q)) {
    vm_push_pid(L, self);
    if (v->has_dist) v->dist.unlink(v->dist.ud, L, 2, 1);
  } else {
    vm_push_pid(L, self);
    ext_set(L, q, "links", -1, 0);
  }
  return lua_pushboolean(L, 1), 1;
}

/* Pushes what a DOWN names for the monitor target at idx: the pid, or
** {name, node} for a monitor by registered name, as Erlang does. */
static void push_item(lua_State *L, int idx) {
  size_t n;
  const char *s = atom_name(L, idx, &n);
  if (s == NULL && lua_type(L, idx) != LUA_TSTRING) {
    lua_pushvalue(L, idx);
    return;
  }
  if (s == NULL) s = lua_tolstring(L, idx, &n);
  atom_push(L, s, n);
  lua_pushstring(L, vm_of(L)->node_name);
  tuple_new(L, 2);
}

static int is_name(lua_State *L, int idx) {
  return lua_type(L, idx) == LUA_TSTRING || atom_name(L, idx, NULL) != NULL;
}

/* tuple(name, node) naming a process of this node: pushes the name. */
static int own_node_name(lua_State *L, int idx) {
  const char *n;
  if (tuple_size(L, idx) != 2) return 0;
  tuple_get(L, idx, 2);
  n = atom_name(L, -1, NULL);
  if (n == NULL) n = lua_tostring(L, -1);
  lua_pop(L, 1);
  if (n == NULL || strcmp(n, vm_of(L)->node_name) != 0) return 0;
  tuple_get(L, idx, 1);
  return 1;
}

/* monitor(pid), monitor(name), monitor(tuple(name, node)), or any of them
** after "process" as in Erlang's monitor(process, X). */
static int l_monitor(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *self = proc_self(L), *q;
  int target = lua_gettop(L) >= 2 ? 2 : 1, item, ref;
  if (own_node_name(L, target)) target = lua_gettop(L);
  push_item(L, target);
  item = lua_gettop(L);
  ref_push_new(L);
  ref = lua_gettop(L);
  if (tuple_size(L, target) == 2) {            /* {name, node} elsewhere */
    if (!v->has_dist) return no_dist(L, target, "monitor");
    vm_push_pid(L, self);
    v->dist.monitor(v->dist.ud, L, lua_gettop(L), target, ref);
    ext_set(L, self, "monitors", ref, target);
    lua_pushvalue(L, ref);
    return 1;
  }
  if (is_name(L, target)) {
    registry_lookup(L, target);
    target = lua_gettop(L);
  }
  q = pid_test(L, target);
  if (q == NULL && !lua_isnil(L, target))
    return luaL_typeerror(L, target, "pid, registered name or tuple(name, node)");
  if (q && !pid_local(q) && !v->has_dist) {   /* erl: DOWN, noconnection */
    atom_push(L, "noconnection", 12);
    push_down(L, ref, item, lua_gettop(L));
    deliver(L, self, -1);
  } else if (q && !pid_local(q)) {
    vm_push_pid(L, self);
    v->dist.monitor(v->dist.ud, L, lua_gettop(L), target, ref);
    ext_set(L, self, "monitors", ref, target);
  } else if (q == NULL || q->state == P_DEAD) {
    atom_push(L, "noproc", 6);
    push_down(L, ref, item, lua_gettop(L));
    deliver(L, self, -1);
  } else {
    vm_push_pid(L, self);
    ext_set(L, self, "monitors", ref, target);
    ext_set(L, q, "watchers", ref, -1);
    if (!lua_rawequal(L, item, target)) ext_set(L, q, "items", ref, item);
  }
  lua_pushvalue(L, ref);
  return 1;
}

/* Is the message at msg a DOWN for the monitor ref at ref? */
static int is_down_for(lua_State *L, int msg, int ref) {
  int match;
  msg = lua_absindex(L, msg);
  match = tuple_size(L, msg) == 5;
  if (match) {
    tuple_get(L, msg, 1);
    tuple_get(L, msg, 2);
    match = is_reason(L, -2, "DOWN") && lua_rawequal(L, -1, ref);
    lua_pop(L, 2);
  }
  return match;
}

/* demonitor(ref [, flush]); flush also drops a DOWN already delivered. */
static int l_demonitor(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *self = proc_self(L), *q;
  uint32_t s;
  luaL_argexpected(L, is_udata(L, 1, MT_REF), 1, "monitor reference");
  lua_settop(L, 2);
  if (ext_table(L, self, "monitors", 0)) {
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    q = pid_test(L, -1);
    if (q && pid_local(q)) ext_set(L, q, "watchers", 1, 0);
    else if (v->has_dist && !lua_isnil(L, -1)) {
      vm_push_pid(L, self);
      v->dist.demonitor(v->dist.ud, L, lua_gettop(L), lua_gettop(L) - 1, 1);
    }
    ext_set(L, self, "monitors", 1, 0);
  }
  if (lua_toboolean(L, 2)) {
    for (s = self->mb_head; s < self->mb_tail; s++) {
      if (!mailbox_get(L, self, s)) continue;
      if (is_down_for(L, -1, 1)) mailbox_take(L, self, s);
      lua_pop(L, 1);
    }
  }
  return lua_pushboolean(L, 1), 1;
}

/* exit(reason) ends the caller; exit(pid, reason) sends an exit signal. */
static int l_exit(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *self = proc_self(L), *q;
  if (lua_gettop(L) < 2) {
    push_reason(L, 1);
    proc_push_exit_marker(L, -1);
    return lua_error(L);
  }
  q = pid_check(L, 1);
  push_reason(L, 2);
  vm_push_pid(L, self);
  if (!pid_local(q)) {
    if (v->has_dist)            /* else dropped, as erl drops it */
      v->dist.exit(v->dist.ud, L, lua_gettop(L), 1, lua_gettop(L) - 1, 0);
  } else {
    signal_exit(L, v, q, -1, -2, 0);
  }
  proc_check_signals(L, self);
  return lua_pushboolean(L, 1), 1;
}

static int l_trap_exit(lua_State *L) {
  vm_proc *self = proc_self(L);
  int old = (self->flags & F_TRAP) != 0;
  luaL_checkany(L, 1);
  if (lua_toboolean(L, 1)) self->flags |= F_TRAP;
  else self->flags &= ~F_TRAP;
  lua_pushboolean(L, old);
  return 1;
}

static int exit_tostring(lua_State *L) {
  lua_getiuservalue(L, 1, 1);
  safe_tostring(L, -1);
  lua_pushfstring(L, "exit(%s)", lua_tostring(L, -1));
  return 1;
}

void signal_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"link", l_link}, {"unlink", l_unlink}, {"monitor", l_monitor},
    {"demonitor", l_demonitor}, {"exit", l_exit}, {"trap_exit", l_trap_exit},
    {NULL, NULL}
  };
  mt_new(L, MT_EXIT, "vm.exit");
  lua_pushcfunction(L, exit_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

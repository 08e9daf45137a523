/*
** api.c: the process functions every node has as globals: self, spawn and
** its kin, send, processes, process_info, is_alive, node_of, print.
** The rest live beside what they work on (receive.c, signal.c, ...).
*/
#include <string.h>
#include "internal.h"

static int l_self(lua_State *L) {
  vm_push_pid(L, proc_self(L));
  return 1;
}

static int l_spawn(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  vm_spawn(vm_of(L), L, lua_gettop(L) - 1);
  return 1;
}

static int l_spawn_link(lua_State *L) {
  vm_proc *self = proc_self(L), *p;
  luaL_checktype(L, 1, LUA_TFUNCTION);
  p = vm_spawn(vm_of(L), L, lua_gettop(L) - 1);   /* pid at 1 */
  vm_push_pid(L, self);
  lua_pushboolean(L, 1);
  proc_push_ext(L, self, 1);                        /* links both ways */
  lua_getfield(L, -1, "links");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1); lua_newtable(L); lua_pushvalue(L, -1); lua_setfield(L, -3, "links");
  }
  lua_pushvalue(L, 1); lua_pushboolean(L, 1); lua_rawset(L, -3);
  lua_pop(L, 2);
  proc_push_ext(L, p, 1);
  lua_newtable(L);
  lua_pushvalue(L, 2); lua_pushboolean(L, 1); lua_rawset(L, -3);
  lua_setfield(L, -2, "links");
  lua_settop(L, 1);
  return 1;
}

static int l_spawn_monitor(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  proc_self(L);
  vm_spawn(vm_of(L), L, lua_gettop(L) - 1);
  lua_getglobal(L, "monitor");
  lua_pushvalue(L, 1);
  lua_call(L, 1, 1);
  return 2;
}

static void send_local(lua_State *L, vm_proc *p, int msg) {
  if (p->state == P_DEAD) return;     /* as on the BEAM: silently dropped */
  copy_value(L, msg);
  deliver(L, p, -1);
  lua_pop(L, 1);
}

static int is_this_node(lua_State *L, int idx) {
  vm *v = vm_of(L);
  const char *n = atom_name(L, idx, NULL);
  if (n == NULL) n = lua_tostring(L, idx);
  return n != NULL && strcmp(n, v->node_name) == 0;
}

/* A send to another node while this one is not distributed (never started,
** or after node.stop()) is dropped, as erl drops {name, b@h} ! msg and
** RemotePid ! msg on a node that is not alive: no connection, no error. */
void send_to(lua_State *L, int dest, int msg, int raise_unknown) {
  vm *v = vm_of(L);
  vm_proc *p;
  int top = lua_gettop(L);
  dest = lua_absindex(L, dest);
  msg = lua_absindex(L, msg);
  if ((p = pid_test(L, dest)) != NULL) {
    if (pid_local(p)) send_local(L, p, msg);
    else if (v->has_dist) v->dist.send(v->dist.ud, L, dest, msg);
  } else if (lua_type(L, dest) == LUA_TSTRING || atom_name(L, dest, NULL)) {
    if (registry_lookup(L, dest)) send_local(L, pid_test(L, -1), msg);
    else if (raise_unknown) {
      safe_tostring(L, dest);
      luaL_error(L, "cannot send to '%s': no process is registered under "
                 "that name (see registered())", lua_tostring(L, -1));
    }
  } else if (is_udata(L, dest, MT_REF)) {       /* an alias (alias.c) */
    if (((vm_refnum *)lua_touserdata(L, dest))->node != 0) {
      if (v->has_dist) v->dist.send(v->dist.ud, L, dest, msg);
    } else if (alias_lookup(L, dest)) send_local(L, pid_test(L, -1), msg);
  } else if (tuple_size(L, dest) == 2) {        /* {name, node} */
    tuple_get(L, dest, 2);
    if (is_this_node(L, -1)) {
      /* as erl's {name, node()} ! msg: an unregistered name drops the
         message silently; only a bare name raises (badarg) */
      tuple_get(L, dest, 1);
      send_to(L, lua_gettop(L), msg, 0);
    } else if (v->has_dist) v->dist.send(v->dist.ud, L, dest, msg);
  } else {
    luaL_typeerror(L, dest, "pid, registered name, tuple(name, node) or alias");
  }
  lua_settop(L, top);
}

static int l_send(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *p;
  luaL_checkany(L, 1);
  lua_settop(L, 2);
  if ((p = pid_test(L, 1)) != NULL && pid_local(p))
    send_local(L, p, 2);            /* the common case, first */
  else
    send_to(L, 1, 2, 1);
  if (v->current && (v->current->flags & (F_EXITING | F_INTERRUPT)))
    proc_check_signals(L, v->current);
  return 1;       /* send returns the message, as ! does */
}

static int l_processes(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *p;
  int n = 0;
  lua_createtable(L, v->live, 0);
  for (p = v->live_head; p; p = p->next_live) {
    vm_push_pid(L, p);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* Pushes the keys (keys=1) or values of ext field 'name' as a list. */
static void ext_list(lua_State *L, int ext, const char *name, int keys) {
  int n = 0;
  lua_newtable(L);
  if (lua_isnil(L, ext) || lua_getfield(L, ext, name) != LUA_TTABLE) {
    if (!lua_isnil(L, ext)) lua_pop(L, 1);
    return;
  }
  lua_pushnil(L);
  while (lua_next(L, -2)) {          /* list, field, key, value */
    if (keys) lua_copy(L, -2, -1);
    lua_rawseti(L, -4, ++n);
  }
  lua_pop(L, 1);
}

static const char *status_name(vm *v, vm_proc *p) {
  if (p == v->current) return "running";
  return p->state == P_WAITING ? "waiting" : "runnable";
}

static int l_process_info(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *p = pid_check(L, 1);
  int ext;
  luaL_argcheck(L, pid_local(p), 1, "process_info works on pids of this node");
  if (p->state == P_DEAD) { lua_pushnil(L); return 1; }
  lua_settop(L, 1);
  proc_push_ext(L, p, 0);
  ext = 2;
  lua_createtable(L, 0, 10);
  lua_pushstring(L, status_name(v, p));
  lua_setfield(L, -2, "status");
  lua_pushinteger(L, p->mb_count);
  lua_setfield(L, -2, "message_queue_len");
  mailbox_list(L, p);
  lua_setfield(L, -2, "messages");
  ext_list(L, ext, "links", 1);
  lua_setfield(L, -2, "links");
  ext_list(L, ext, "monitors", 0);
  lua_setfield(L, -2, "monitors");
  ext_list(L, ext, "watchers", 0);
  lua_setfield(L, -2, "monitored_by");
  if (!lua_isnil(L, ext)) {
    lua_getfield(L, ext, "name");
    lua_setfield(L, -2, "registered_name");
  }
  lua_pushboolean(L, p->flags & F_TRAP);
  lua_setfield(L, -2, "trap_exit");
  lua_pushinteger(L, p->reductions);
  lua_setfield(L, -2, "reductions");
  /* approximate: the record, a coroutine's usual size, the mailbox slots */
  lua_pushinteger(L, (lua_Integer)(sizeof *p + 1100 + 16 * p->mb_count));
  lua_setfield(L, -2, "memory");
  return 1;
}

static int l_is_alive(lua_State *L) {
  vm_proc *p = pid_check(L, 1);
  luaL_argcheck(L, pid_local(p), 1, "is_alive works on pids of this node; "
                "monitor a remote pid instead");
  lua_pushboolean(L, p->state != P_DEAD);
  return 1;
}

static int l_node_of(lua_State *L) {
  vm_proc *p = pid_check(L, 1);
  vm_push_node_name(L, p->num.node);
  return 1;
}

/* The group leader of process p, pushed: ext.gl, or nil for the node's own
** terminal. Erlang's group leader: output of a process spawned from another
** node goes back to that node. */
static void push_gl(lua_State *L, vm_proc *p) {
  proc_push_ext(L, p, 0);
  if (lua_isnil(L, -1)) return;
  lua_getfield(L, -1, "gl");
  lua_remove(L, -2);
}

/* group_leader() -> pid or nil; group_leader(gl, pid) sets pid's. A pid of
** another node gets it as erl's does, by a signal to its node: true (and
** the signal is dropped when this node is not distributed, as erl's is). A
** dead pid of this node raises, as erl's group_leader raises badarg. */
static int l_group_leader(lua_State *L) {
  vm *v = vm_of(L);
  vm_proc *p;
  if (lua_gettop(L) == 0) {
    push_gl(L, proc_self(L));
    return 1;
  }
  p = pid_check(L, 2);
  if (!pid_local(p)) {
    if (!v->has_dist) return lua_pushboolean(L, 1), 1;   /* dropped, as erl's */
    if (v->dist.group_leader == NULL) {
      safe_tostring(L, 2);
      return luaL_error(L, "group_leader: %s is a process of another node, "
                        "and this distribution cannot set its group leader",
                        lua_tostring(L, -1));
    }
    if (lua_isnil(L, 1)) {   /* this terminal: its io server, "user" */
      lua_pushliteral(L, "user");
      registry_lookup(L, lua_gettop(L));
      lua_replace(L, 1);
    }
    pid_check(L, 1);
    v->dist.group_leader(v->dist.ud, L, 1, 2);
    return lua_pushboolean(L, 1), 1;
  }
  if (p->state == P_DEAD) {             /* erl: badarg */
    safe_tostring(L, 2);
    return luaL_error(L, "group_leader: %s has exited, so it has no group "
                      "leader to set", lua_tostring(L, -1));
  }
  if (!lua_isnil(L, 1)) pid_check(L, 1);
  proc_push_ext(L, p, 1);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "gl");
  lua_pushboolean(L, 1);
  return 1;
}

/* A new process gets its spawner's group leader, as on the BEAM. */
void api_inherit_gl(lua_State *L, vm_proc *parent, vm_proc *child) {
  push_gl(L, parent);
  if (!lua_isnil(L, -1)) {
    proc_push_ext(L, child, 1);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "gl");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* A receive clause for the answer to the io request ref at ref: a tuple
** tag, ref, then nany wildcards. Pushes when(that tuple). */
static void push_answer_clause(lua_State *L, const char *tag, int ref, int nany) {
  int i;
  lua_getglobal(L, "when");
  atom_push(L, tag, strlen(tag));
  lua_pushvalue(L, ref);
  for (i = 0; i < nany; i++) lua_getglobal(L, "ANY");
  tuple_new(L, 2 + nany);
  lua_call(L, 1, 1);
}

/* The wait for the io request under ref is over: no monitor stays. */
static void print_demonitor(lua_State *L, int ref) {
  lua_getglobal(L, "demonitor");
  lua_pushvalue(L, ref);
  lua_pushboolean(L, 1);                    /* and drop a DOWN already here */
  lua_call(L, 2, 0);
}

/* The group leader's answer is on top; at base the caller's name, the
** group leader, the monitor's ref. A DOWN means it is gone (io.erl returns
** {error, terminated} and put_chars raises terminated); an answer other
** than ok makes put_chars raise badarg. An error in the wait (Ctrl-C, a
** kill) goes on once the monitor is dropped. */
static int print_k(lua_State *L, int status, lua_KContext ctx) {
  int base = (int)ctx, m = lua_gettop(L);
  vm_proc *gl = pid_test(L, base + 1);
  const char *why;
  if (status != LUA_OK && status != LUA_YIELD) {
    print_demonitor(L, base + 2);
    return lua_error(L);
  }
  safe_tostring(L, base + 1);
  if (gl && !pid_local(gl)) {                /* name its node too */
    vm_push_node_name(L, gl->num.node);
    lua_pushfstring(L, "%s on %s", lua_tostring(L, m + 1), lua_tostring(L, -1));
    lua_replace(L, m + 1);
    lua_pop(L, 1);
  }
  if (tuple_size(L, m) == 5) {
    tuple_get(L, m, 5);
    safe_tostring(L, -1);
    why = lua_tostring(L, -1);
    return luaL_error(L, "%s: the group leader %s is gone (%s); Erlang's "
                      "io:put_chars raises terminated", lua_tostring(L, base),
                      lua_tostring(L, m + 1), why);
  }
  print_demonitor(L, base + 2);
  tuple_get(L, m, 3);
  why = atom_name(L, -1, NULL);
  if (why == NULL || strcmp(why, "ok") != 0) {
    safe_tostring(L, -1);
    return luaL_error(L, "%s: the group leader %s answered %s, not :ok; "
                      "Erlang's io:put_chars raises badarg",
                      lua_tostring(L, base), lua_tostring(L, m + 1),
                      lua_tostring(L, -1));
  }
  return 0;
}

/* Sends dest the io request {io_request, From, ReplyAs, Request} for the
** request on top (popped): from is the process the answer goes to, ref
** the request's name. */
static void send_io_request(lua_State *L, int dest, vm_proc *from, int ref) {
  int req = lua_gettop(L);
  dest = lua_absindex(L, dest);
  ref = lua_absindex(L, ref);
  atom_push(L, "io_request", 10);
  vm_push_pid(L, from);
  lua_pushvalue(L, ref);
  lua_pushvalue(L, req);
  tuple_new(L, 4);
  send_to(L, dest, lua_gettop(L), 0);
  lua_pop(L, 2);
}

/* p's group leader when it is a process of another node (p was spawned
** from there) and this node is distributed, so that it can be reached,
** pushed, and 1; else nothing pushed, and 0. */
int api_push_remote_gl(lua_State *L, vm_proc *p) {
  vm_proc *gl;
  push_gl(L, p);
  gl = pid_test(L, -1);
  if (gl != NULL && !pid_local(gl) && vm_of(L)->has_dist) return 1;
  lua_pop(L, 1);
  return 0;
}

/* What an ending process p has to say (its crash report) when it was
** spawned from another node, whose group leader at gl is: shown on the
** terminal of gl's node, as the BEAM sends such a report to the logger of
** the group leader's node, which prints it there (not through the group
** leader itself: output it captures does not get it). An io_lib:format
** request to that node's "user", so that p is shown as that node shows
** its pids; fmt takes ~p (p), ~s (this node), ~s (the text at text). No
** wait for the answer: it goes to p, and is dropped with p. */
void api_report_to_gl_node(lua_State *L, int gl, vm_proc *p, const char *fmt,
                           int text) {
  vm_proc *g = pid_check(L, gl);
  text = lua_absindex(L, text);
  lua_pushliteral(L, "user");                     /* dest: {user, node} */
  vm_push_node_name(L, g->num.node);
  tuple_new(L, 2);
  ref_push_new(L);
  atom_push(L, "put_chars", 9);                 /* {put_chars, unicode, */
  atom_push(L, "unicode", 7);                   /*  io_lib, format, */
  atom_push(L, "io_lib", 6);                    /*  [fmt, [p, node, text]]} */
  atom_push(L, "format", 6);
  lua_createtable(L, 2, 0);
  lua_pushstring(L, fmt);
  lua_rawseti(L, -2, 1);
  lua_createtable(L, 3, 0);
  vm_push_pid(L, p);
  lua_rawseti(L, -2, 1);
  vm_push_node_name(L, 0);
  lua_rawseti(L, -2, 2);
  lua_pushvalue(L, text);
  lua_rawseti(L, -2, 3);
  lua_rawseti(L, -2, 2);
  tuple_new(L, 5);
  send_io_request(L, -3, p, -2);
  lua_pop(L, 2);
}

/* Output through a group leader (a process, of another node or one that
** captures output here): an io request, as io:put_chars sends, and the
** wait for its answer. As io.erl does, the group leader is monitored for
** the wait and the monitor's ref names the request: a group leader that is
** gone, or whose node is, makes print fail instead of waiting for ever,
** and one that is alive is waited for as long as it takes. who names the
** caller in errors. */
static int print_remote(lua_State *L, const char *who, int gl, int text) {
  vm_proc *self = proc_self(L);
  int base;
  gl = lua_absindex(L, gl);
  text = lua_absindex(L, text);
  if (pid_test(L, gl) == self)             /* it would wait for itself */
    return luaL_error(L, "%s: this process is its own group leader and cannot "
                      "answer its own io request (Erlang raises calling_self)",
                      who);
  lua_pushstring(L, who);
  base = lua_gettop(L);                     /* base: who, +1 gl, +2 ref */
  lua_pushvalue(L, gl);
  lua_getglobal(L, "monitor");
  lua_pushvalue(L, gl);
  lua_call(L, 1, 1);
  atom_push(L, "put_chars", 9);             /* {put_chars, unicode, text} */
  atom_push(L, "unicode", 7);
  lua_pushvalue(L, text);
  tuple_new(L, 3);
  send_io_request(L, base + 1, self, base + 2);
  lua_getglobal(L, "receive");
  push_answer_clause(L, "io_reply", base + 2, 1);
  push_answer_clause(L, "DOWN", base + 2, 3);
  return print_k(L, lua_pcallk(L, 2, 1, 0, base, print_k), base);
}

static int l_print(lua_State *L) {
  int i, n = lua_gettop(L);
  vm *v = vm_of(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  if (v->current && lua_isyieldable(L)) {
    push_gl(L, v->current);
    if (!lua_isnil(L, -1)) return print_remote(L, "print", -1, -2);
    lua_pop(L, 1);
  }
  vm_write(v, lua_tostring(L, -1), lua_rawlen(L, -1));
  return 0;
}

/* io.write(...): Lua's own, except in a process whose group leader is on
** another node (one that node spawned here), where the text goes to that
** node's terminal as print's does, as io:put_chars does on the BEAM. There
** it returns nothing rather than the file. */
static int l_io_write(lua_State *L) {
  vm *v = vm_of(L);
  int i, n = lua_gettop(L);
  if (v->current && lua_isyieldable(L)) {
    push_gl(L, v->current);
    if (!lua_isnil(L, -1)) {
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      for (i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_checklstring(L, i, &len);
        luaL_addlstring(&b, s, len);
      }
      luaL_pushresult(&b);
      return print_remote(L, "io.write", n + 1, n + 2);
    }
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

/* io.write becomes l_io_write, Lua's kept as its upvalue. */
static void io_write_open(lua_State *L) {
  if (lua_getglobal(L, "io") == LUA_TTABLE) {
    lua_getfield(L, -1, "write");
    lua_pushcclosure(L, l_io_write, 1);
    lua_setfield(L, -2, "write");
  }
  lua_pop(L, 1);
}

/* _write(s): raw output to this node's terminal (the io server's). */
static int l_write(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  vm_write(vm_of(L), s, n);
  return 0;
}

static int l_halt(lua_State *L) {
  vm_halt(vm_of(L), (int)luaL_optinteger(L, 1, 0));
  if (vm_of(L)->current && lua_isyieldable(L))
    return vm_yield(L, 0, NULL);  /* stop here: the node is going down */
  return 0;
}

static int l_node_self(lua_State *L) {
  lua_pushstring(L, vm_of(L)->node_name);
  return 1;
}

/* The node table starts with what a node without distribution knows;
** dist/ fills in the rest when it starts. */
static void node_open(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, l_node_self);
  lua_setfield(L, -2, "self");
  lua_setglobal(L, "node");
}

void api_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"self", l_self}, {"spawn", l_spawn}, {"spawn_link", l_spawn_link},
    {"spawn_monitor", l_spawn_monitor}, {"send", l_send},
    {"processes", l_processes}, {"process_info", l_process_info},
    {"is_alive", l_is_alive}, {"node_of", l_node_of}, {"print", l_print},
    {"halt", l_halt}, {"group_leader", l_group_leader},
    {"_write", l_write}, {NULL, NULL}
  };
  lua_pushglobaltable(L);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
  node_open(L);
  io_write_open(L);
}

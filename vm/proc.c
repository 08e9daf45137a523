/*
** proc.c: a process's life: spawn, the end of its coroutine, exit by signal,
** and its timer. A process that dies gives up its coroutine, mailbox and
** links at once; its pid userdata stays, small, as long as someone holds it.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define FIRST_ID 80          /* low numbers look like Erlang's system processes */
#define MAX_ID   (1u << 28)

#define POOL_MAX 256   /* coroutines of finished processes kept for reuse */

static void new_pid(vm *v, vm_proc *p) {
  if (++v->next_id >= MAX_ID) { v->next_id = FIRST_ID; v->serial++; }
  p->num.id = v->next_id;        /* (id, serial) never repeats */
  p->num.serial = v->serial;
  p->num.creation = v->creation;
}

static void live_add(vm *v, vm_proc *p) {
  p->prev_live = v->live_tail;
  p->next_live = NULL;
  if (v->live_tail) v->live_tail->next_live = p; else v->live_head = p;
  v->live_tail = p;
  v->live++;
}

static void live_remove(vm *v, vm_proc *p) {
  if (p->prev_live) p->prev_live->next_live = p->next_live;
  else v->live_head = p->next_live;
  if (p->next_live) p->next_live->prev_live = p->prev_live;
  else v->live_tail = p->prev_live;
  v->live--;
}

/* A coroutine for a new process: a finished one from the pool, or new. */
static lua_State *new_thread(lua_State *L, vm *v) {
  lua_Integer n;
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->pool);
  n = (lua_Integer)lua_rawlen(L, -1);
  if (n > 0) {
    lua_rawgeti(L, -1, n);
    lua_pushnil(L);
    lua_rawseti(L, -3, n);
  } else {
    lua_newthread(L);
  }
  lua_remove(L, -2);
  return lua_tothread(L, -1);
}

/* A coroutine that returned normally is clean: keep it for the next spawn. */
static void pool_thread(lua_State *L, vm *v, lua_State *co) {
  lua_Integer n;
  lua_settop(co, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->pool);
  n = (lua_Integer)lua_rawlen(L, -1);
  if (n < POOL_MAX) {
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    lua_rawseti(L, -2, n + 1);
  }
  lua_pop(L, 1);
}

/* Stack: fn, arg1..argn at the top of L. Leaves the new pid in their place. */
vm_proc *vm_spawn(vm *v, lua_State *L, int nargs) {
  int i, base = lua_gettop(L) - nargs;
  vm_proc *p;
  lua_State *co;
  luaL_checktype(L, base, LUA_TFUNCTION);
  luaL_checkstack(L, nargs + 8, "too many arguments to spawn");
  for (i = 1; i <= nargs; i++) copy_value(L, base + i);  /* may raise: first */
  p = lua_newuserdatauv(L, sizeof *p, 2);
  memset(p, 0, sizeof *p);
  mt_set(L, MT_PID);
  new_pid(v, p);
  p->mbox = LUA_NOREF;
  p->mb_head = p->mb_tail = 1;
  co = new_thread(L, v);
  lua_setiuservalue(L, -2, UV_THREAD);
  p->co = co;
  p->state = P_WAITING;       /* sched_ready makes it runnable */
  lua_pushvalue(L, -1);
  p->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  live_add(v, p);
  pidmap_add(v, p);
  lua_pushvalue(L, base);
  lua_xmove(L, co, 1);
  lua_rotate(L, base + nargs + 1, 1);   /* pid below the copies */
  lua_xmove(L, co, nargs);
  p->nargs = (uint8_t)(nargs > 255 ? 255 : nargs);
  lua_replace(L, base);
  lua_settop(L, base);
  if (v->current && v->current->state != P_DEAD) api_inherit_gl(L, v->current, p);
  sched_ready(v, p);
  return p;
}

/* The pid of this node with these numbers: its live process's, or else a
** dead pid (a pid that outlived its process compares equal to it). */
void vm_push_local_pid(lua_State *L, uint32_t id, uint32_t serial) {
  vm *v = vm_of(L);
  vm_proc *p = pidmap_find(v, id, serial);
  if (p) { vm_push_pid(L, p); return; }
  p = lua_newuserdatauv(L, sizeof *p, 2);
  memset(p, 0, sizeof *p);
  mt_set(L, MT_PID);
  p->num.id = id;
  p->num.serial = serial;
  p->num.creation = v->creation;
  p->state = P_DEAD;
  p->ref = p->mbox = LUA_NOREF;
}

/* Called when the process is dead and off the run queue. */
void proc_release(lua_State *L, vm_proc *p) {
  luaL_unref(L, LUA_REGISTRYINDEX, p->ref);
  p->ref = LUA_NOREF;
}

void proc_push_ext(lua_State *L, vm_proc *p, int create) {
  vm_push_pid(L, p);
  if (lua_getiuservalue(L, -1, UV_EXT) != LUA_TTABLE && create) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, -3, UV_EXT);
  }
  lua_remove(L, -2);
}

/* The running process. The VM's functions work anywhere in a process, also
** inside coroutines it resumes itself (see coroutine.c). */
vm_proc *proc_self(lua_State *L) {
  vm_proc *p = vm_of(L)->current;
  if (p == NULL) luaL_error(L, "this can only be called from inside a process");
  return p;
}


/* The error value of exit(reason): a userdata holding the reason, so that
** the end of the coroutine can tell it from a crash. */
void proc_push_exit_marker(lua_State *L, int reason) {
  reason = lua_absindex(L, reason);
  lua_newuserdatauv(L, 0, 1);
  lua_pushvalue(L, reason);
  lua_setiuservalue(L, -2, 1);
  mt_set(L, MT_EXIT);
}

int proc_raise_exit(lua_State *L, vm_proc *p) {
  proc_push_ext(L, p, 1);
  lua_getfield(L, -1, "exit");
  proc_push_exit_marker(L, -1);
  return lua_error(L);
}

void proc_check_signals(lua_State *L, vm_proc *p) {
  if (p->flags & F_EXITING) proc_raise_exit(L, p);
  if (p->flags & F_INTERRUPT) {
    p->flags &= ~F_INTERRUPT;
    luaL_error(L, "interrupted (Ctrl-C)");
  }
}

/* An exit signal ends p with the reason at index 'reason' of L. A running
** process is only marked: it raises at its next check. Others die now
** (sync) or when the scheduler reaches them (a link's signal: no recursion
** down long chains of links). */
void proc_doom(lua_State *L, vm *v, vm_proc *p, int reason, int sync) {
  reason = lua_absindex(L, reason);
  if (p->state == P_DEAD || (p->flags & F_EXITING)) return;
  p->flags |= F_EXITING;
  proc_push_ext(L, p, 1);
  lua_pushvalue(L, reason);
  lua_setfield(L, -2, "exit");
  lua_pop(L, 1);
  if (p == v->current) return;
  if (sync) proc_exit(L, v, p, reason);
  else sched_ready(v, p);
}

static int tostring_k(lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}

/* Pushes tostring(v) for the value at idx, never raising. */
void safe_tostring(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_pushcfunction(L, tostring_k);
  lua_pushvalue(L, idx);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    lua_pop(L, 1);
    lua_pushfstring(L, "(a %s value)", luaL_typename(L, idx));
  }
}

/* Like the BEAM's error report: which process, the error, where it was.
** A process spawned from another node (its group leader is there) has it
** shown on that node's terminal, naming this node, as erl shows "Error in
** process ... on node ..." on the spawner's; the others on this one. */
static void report_crash(lua_State *L, vm *v, vm_proc *p, lua_State *co,
                         int err) {
  int top = lua_gettop(L);
  safe_tostring(L, err);
  luaL_traceback(L, co, lua_tostring(L, -1), 0);      /* top + 2 */
  if (api_push_remote_gl(L, p)) {
    api_report_to_gl_node(L, -1, p, "** process ~p on ~s crashed: ~s~n", top + 2);
  } else {
    vm_push_pid(L, p);
    safe_tostring(L, -1);
    lua_pushfstring(L, "** process %s crashed: %s\n", lua_tostring(L, -1),
                    lua_tostring(L, top + 2));
    vm_write(v, lua_tostring(L, -1), lua_rawlen(L, -1));
  }
  lua_settop(L, top);
}

void proc_finish(vm *v, vm_proc *p, int status) {
  lua_State *L = v->L, *co = p->co;
  int top = lua_gettop(L);
  if (p->flags & F_EXITING) {
    proc_push_ext(L, p, 1);
    lua_getfield(L, -1, "exit");
  } else if (status == LUA_OK) {
    atom_push(L, "normal", 6);
    pool_thread(L, v, co);
    vm_push_pid(L, p);              /* it is no longer this process's */
    lua_pushnil(L);
    lua_setiuservalue(L, -2, UV_THREAD);
    lua_pop(L, 1);
    p->co = NULL;
  } else {
    lua_xmove(co, L, 1);            /* the error value */
    if (is_udata(L, -1, MT_EXIT)) lua_getiuservalue(L, -1, 1);
    else report_crash(L, v, p, co, -1);
  }
  proc_exit(L, v, p, lua_gettop(L));
  lua_settop(L, top);
}

typedef struct proc_timer {   /* a process's timer knows its vm */
  uv_timer_t t;
  vm *v;
} proc_timer;

static void free_timer(uv_handle_t *h) {
  free(h);
}

void proc_timer_stop(vm_proc *p) {
  if (p->flags & F_TIMER) {
    uv_timer_stop(p->timer);
    p->flags &= ~F_TIMER;
  }
}

static void on_timer(uv_timer_t *t) {
  vm_proc *p = t->data;
  p->flags = (uint8_t)((p->flags & ~F_TIMER) | F_TIMEDOUT);
  sched_ready(((proc_timer *)t)->v, p);
}

void proc_timer_start(vm *v, vm_proc *p, lua_Integer ms) {
  if (p->timer == NULL) {
    proc_timer *pt = malloc(sizeof *pt);
    if (pt == NULL) return;
    pt->v = v;
    p->timer = &pt->t;
    uv_timer_init(v->loop, p->timer);
    p->timer->data = p;
  }
  p->flags = (uint8_t)((p->flags & ~F_TIMEDOUT) | F_TIMER);
  uv_timer_start(p->timer, on_timer, (uint64_t)(ms < 0 ? 0 : ms), 0);
}

/* Everything a dead process held goes, and the world is told. */
void proc_exit(lua_State *L, vm *v, vm_proc *p, int reason) {
  int pidx, ext;
  reason = lua_absindex(L, reason);
  if (p->state == P_DEAD) return;
  lua_checkstack(L, 40);        /* signals below push a few values each */
  vm_push_pid(L, p);
  pidx = lua_gettop(L);
  lua_getiuservalue(L, pidx, UV_EXT);
  ext = lua_gettop(L);
  p->state = P_DEAD;
  live_remove(v, p);
  pidmap_remove(v, p);
  if (p->timer) {
    proc_timer_stop(p);
    uv_close((uv_handle_t *)p->timer, free_timer);
    p->timer = NULL;
  }
  if (!lua_isnil(L, ext)) {     /* most processes have none of these */
    registry_drop(L, ext);
    alias_drop(L, ext);
    signal_unlink_all(L, v, pidx, ext, reason);
    signal_down_all(L, v, pidx, ext, reason);
  }
  if (v->on_exit) {
    lua_pushvalue(L, pidx);
    lua_pushvalue(L, reason);
    v->on_exit(v->exit_ud, p, L);
    lua_pop(L, 2);
  }
  if (p->co && p->co != L) lua_resetthread(p->co);  /* runs its __close */
  p->co = NULL;
  mailbox_free(L, p);
  lua_pushnil(L); lua_setiuservalue(L, pidx, UV_THREAD);
  lua_pushnil(L); lua_setiuservalue(L, pidx, UV_EXT);
  if (!(p->flags & F_INRUNQ)) proc_release(L, p);  /* else when dequeued */
  lua_settop(L, pidx - 1);
}

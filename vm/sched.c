/*
** sched.c: the run queue and the scheduler. Runnable processes wait in a
** FIFO; an idle handle keeps the libuv loop polling (without blocking) while
** the queue is not empty, and each turn of the loop runs processes for at
** most SLICE_NS so timers and sockets are never starved. A count hook gives
** each process a budget of instructions and yields it when that runs out:
** preemption, so while true do end never freezes the node.
*/
#include <assert.h>
#include "internal.h"

#define HOOK_COUNT 1000        /* instructions between hook calls */
#define BUDGET     20          /* hook calls per slice */
#define SLICE_NS   2000000     /* loop turn: 2 ms of processes at most */

static void on_idle(uv_idle_t *h);

static void push(vm *v, vm_proc *p) {
  p->flags |= F_INRUNQ;
  p->next = NULL;
  if (v->runq_tail) v->runq_tail->next = p;
  else v->runq_head = p;
  v->runq_tail = p;
  if (!uv_is_active((uv_handle_t *)&v->idle)) uv_idle_start(&v->idle, on_idle);
}

static vm_proc *pop(vm *v) {
  vm_proc *p = v->runq_head;
  if (p == NULL) return NULL;
  v->runq_head = p->next;
  if (v->runq_head == NULL) v->runq_tail = NULL;
  p->flags &= ~F_INRUNQ;
  return p;
}

void sched_ready(vm *v, vm_proc *p) {
  if (p->state == P_DEAD || (p->flags & F_INRUNQ) || p->state == P_RUNNING)
    return;
  p->state = P_RUNNABLE;
  p->flags &= ~F_WAKEMSG;
  push(v, p);
}

/* Yields to the scheduler (through any coroutines the process resumed). */
int vm_yield(lua_State *L, lua_KContext ctx, lua_KFunction k) {
  vm_of(L)->vm_yield = 1;
  return lua_yieldk(L, 0, ctx, k);
}

/* Called by a C function of p before it yields: what should wake it. */
void sched_wait(vm_proc *p, int flags) {
  p->state = P_WAITING;
  p->flags |= flags;
}

static void hook(lua_State *L, lua_Debug *ar) {
  vm *v = vm_of(L);
  vm_proc *p = v->current;
  (void)ar;
  if (p == NULL) return;            /* not in a process: loading, GC... */
  if (p->flags & (F_INTERRUPT | F_EXITING)) proc_check_signals(L, p);
  if (--v->budget <= 0 && lua_isyieldable(L)) {
    v->vm_yield = 1;     /* in a coroutine of the process: see coroutine.c */
    lua_yield(L, 0);
  }
}

static void run_one(vm *v, vm_proc *p) {
  lua_State *L = v->L;
  int nres, st, nargs = p->nargs;
  if (p->flags & F_EXITING) {   /* killed while suspended: never runs again */
    proc_push_ext(L, p, 1);
    lua_getfield(L, -1, "exit");
    proc_exit(L, v, p, lua_gettop(L));
    lua_pop(L, 2);
    return;
  }
  p->nargs = 0;
  p->state = P_RUNNING;
  p->reductions++;
  v->current = p;
  v->budget = BUDGET;
  st = lua_resume(p->co, L, nargs, &nres);
  v->current = NULL;
  if (st == LUA_YIELD) {
    lua_pop(p->co, nres);
    if (p->state == P_RUNNING) { p->state = P_RUNNABLE; push(v, p); }
    return;
  }
  proc_finish(v, p, st);
}

static void on_idle(uv_idle_t *h) {
  vm *v = h->data;
  uint64_t start = uv_hrtime();
  int n = 0;
  vm_proc *p;
  int top = lua_gettop(v->L);
  while (!v->halted && (p = pop(v)) != NULL) {
    if (p->state != P_DEAD) run_one(v, p);
    else proc_release(v->L, p);   /* kept for the queue's sake till now */
    assert(lua_gettop(v->L) == top);   /* a leak here overflows the stack */
    if ((++n & 15) == 0 && uv_hrtime() - start > SLICE_NS) break;
  }
  if (v->runq_head == NULL || v->halted) uv_idle_stop(&v->idle);
}

void sched_open(vm *v) {
  uv_idle_init(v->loop, &v->idle);
  v->idle.data = v;
  lua_sethook(v->L, hook, LUA_MASKCOUNT, HOOK_COUNT);  /* threads inherit it */
}

void sched_close(vm *v) {
  uv_close((uv_handle_t *)&v->idle, NULL);
}

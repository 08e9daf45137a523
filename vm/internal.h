/*
** internal.h: what the files of vm/ share among themselves and nobody else.
*/
#ifndef VM_INTERNAL_H
#define VM_INTERNAL_H

#include <lua.h>
#include <lauxlib.h>
#include "vm.h"

/* The VM's own userdata types. Their metatables are kept by the vm, so
** that telling a pid from a tuple is a pointer comparison, not a lookup
** of the metatable's name in the registry. */
enum {
  MT_ATOM, MT_TUPLE, MT_PID, MT_REF, MT_ANY,
  MT_EXIT,      /* the error value that carries exit(reason) */
  MT_CLAUSE,    /* when(pattern, fn) */
  MT_AFTER,     /* after(ms, fn) */
  MT_COUNT
};
void mt_new(lua_State *L, int mt, const char *name); /* pushes it */
void mt_set(lua_State *L, int mt);    /* sets the metatable of the top value */
void mt_push(lua_State *L, int mt);

/* A pid's numbers, as the external term format carries them. */
typedef struct vm_pidnum {
  uint32_t node;      /* 0: this node; else an index into vm's node names */
  uint32_t id, serial, creation;
} vm_pidnum;

enum { P_RUNNABLE, P_RUNNING, P_WAITING, P_DEAD };

/* Process flags. */
#define F_TRAP      0x01   /* trap_exit(true) */
#define F_INRUNQ    0x02   /* on the run queue */
#define F_WAKEMSG   0x04   /* waiting for a message (not for a timer or I/O) */
#define F_TIMEDOUT  0x08   /* the receive/sleep timer fired */
#define F_INTERRUPT 0x10   /* Ctrl-C: raise "interrupted" */
#define F_EXITING   0x20   /* an exit signal killed it; reason in ext.exit */
#define F_TIMER     0x40   /* its timer is armed */
#define F_IOREADY   0x80   /* vm_resume_io gave it what it waited for */

/* A process. It is the payload of the pid userdata, so a pid value and its
** process are one object; remote pids are bare vm_pidnum userdata with the
** same metatable. User values: 1 the coroutine, 2 the "ext" table (links,
** monitors, name, exit reason), made when first needed. While the process
** lives (or sits dead on the run queue) the registry holds its userdata at
** 'ref', so that C reaches it in one step. */
struct vm_proc {
  vm_pidnum num;
  lua_State *co;          /* NULL once dead */
  vm_proc *next;          /* run queue */
  vm_proc *prev_live, *next_live;   /* all live processes, oldest first */
  vm_proc *hnext;         /* pidmap.c's chain */
  int ref;                /* registry: the pid userdata */
  int mbox;               /* registry: the mailbox table, or LUA_NOREF */
  uv_timer_t *timer;      /* receive timeouts and sleep; lazily made */
  uint32_t mb_head, mb_tail, mb_count;  /* mailbox window [head, tail) */
  uint32_t scan;          /* first mailbox slot the current receive has not seen */
  uint32_t reductions;    /* slices run, for process_info */
  uint8_t state, flags, nargs;
};

#define UV_THREAD  1
#define UV_EXT     2

struct vm {
  lua_State *L;
  uv_loop_t *loop;
  uv_idle_t idle;          /* active while the run queue is not empty */
  vm_proc *runq_head, *runq_tail;
  vm_proc *current;
  int budget;              /* hook ticks left in the current slice */
  int vm_yield;            /* the last yield was the VM's, not the user's */
  uint32_t next_id, serial;
  uint64_t next_ref;
  int live;
  vm_proc *live_head, *live_tail;   /* live processes, by age */
  int names;               /* registry ref: name -> pid */
  int timers;              /* registry ref: ref -> send_after state */
  int nodes;               /* registry ref: index <-> node name */
  int remote_pids;         /* registry ref: weak, pid numbers -> pid */
  int refs;                /* registry ref: weak, ref numbers -> ref */
  int aliases;             /* registry ref: active alias ref -> pid (alias.c) */
  int pool;                /* registry ref: finished coroutines to reuse */
  vm_proc **pm;            /* pidmap.c: live processes by number */
  size_t pm_size;
  int mt_ref[MT_COUNT];     /* registry refs of the type metatables */
  const void *mt_ptr[MT_COUNT];
  vm_write_fn write; void *write_ud;
  vm_exit_fn on_exit; void *exit_ud;
  vm_dist dist; int has_dist;
  char node_name[256];
  uint32_t creation;
  int halted, halt_status;
};

/* atom.c, tuple.c, pid.c: value types */
void atom_open(lua_State *L);
void atom_push(lua_State *L, const char *name, size_t len);
const char *atom_name(lua_State *L, int idx, size_t *len); /* NULL if no atom */
int is_udata(lua_State *L, int idx, int mt);
void tuple_open(lua_State *L);
void tuple_new(lua_State *L, int n);   /* pops n values, pushes the tuple */
int tuple_size(lua_State *L, int idx); /* -1 when not a tuple */
int tuple_get(lua_State *L, int idx, int i);  /* pushes t[i], returns type */
int tuple_frozen(lua_State *L, int idx);      /* holds no mutable table */
void pid_open(lua_State *L);
vm_proc *pid_check(lua_State *L, int idx);     /* any pid, error otherwise */
vm_proc *pid_test(lua_State *L, int idx);      /* NULL when not a pid */
#define pid_local(p) ((p)->num.node == 0)
void ref_push_new(lua_State *L);
int any_is(lua_State *L, int idx);

/* copy.c */
void copy_value(lua_State *L, int idx);  /* pushes a message copy of idx */

/* mailbox.c */
void mailbox_push(lua_State *L, vm_proc *p, int idx);   /* appends, no copy */
int mailbox_get(lua_State *L, vm_proc *p, uint32_t slot); /* pushes; 0: hole */
void mailbox_take(lua_State *L, vm_proc *p, uint32_t slot);
int mailbox_pop(lua_State *L, vm_proc *p);      /* pushes the oldest */
void mailbox_list(lua_State *L, vm_proc *p);    /* pushes a list */
void mailbox_free(lua_State *L, vm_proc *p);

/* pidmap.c */
void pidmap_add(vm *v, vm_proc *p);
void pidmap_remove(vm *v, vm_proc *p);
vm_proc *pidmap_find(vm *v, uint32_t id, uint32_t serial);
void pidmap_free(vm *v);

/* sched.c */
void sched_open(vm *v);
void sched_ready(vm *v, vm_proc *p);   /* make runnable if waiting */
void sched_wait(vm_proc *p, int flags);
int vm_yield(lua_State *L, lua_KContext ctx, lua_KFunction k);
void sched_close(vm *v);

/* proc.c */
void proc_push_ext(lua_State *L, vm_proc *p, int create); /* pushes ext or nil */
void proc_exit(lua_State *L, vm *v, vm_proc *p, int reason);
void proc_doom(lua_State *L, vm *v, vm_proc *p, int reason, int sync);
void proc_push_exit_marker(lua_State *L, int reason);
void safe_tostring(lua_State *L, int idx);
void proc_release(lua_State *L, vm_proc *p);  /* the registry lets go */
void proc_finish(vm *v, vm_proc *p, int status); /* its coroutine ended */
int proc_raise_exit(lua_State *L, vm_proc *p);  /* raises the pending exit */
void proc_check_signals(lua_State *L, vm_proc *p);
vm_proc *proc_self(lua_State *L);       /* error outside a process */
void proc_timer_start(vm *v, vm_proc *p, lua_Integer ms);
void proc_timer_stop(vm_proc *p);

/* signal.c */
void signal_exit(lua_State *L, vm *v, vm_proc *to, int from, int reason,
                 int linked);
void signal_down_all(lua_State *L, vm *v, int pidx, int ext, int reason);
void signal_unlink_all(lua_State *L, vm *v, int pidx, int ext, int reason);
void deliver(lua_State *L, vm_proc *p, int msg); /* no copy */
/* p's ext field 'name' (links, monitors, watchers, items): pushes the
** table (made if create) and returns 1, or returns 0 pushing nothing. */
int ext_table(lua_State *L, vm_proc *p, const char *name, int create);
void ext_set(lua_State *L, vm_proc *p, const char *name, int key, int val);
void push_down(lua_State *L, int ref, int item, int reason); /* a DOWN tuple */
int is_reason(lua_State *L, int idx, const char *atom);
void push_tagged(lua_State *L, const char *tag, int n); /* tuple(atom tag, n values) */
void signal_open(lua_State *L);

/* receive.c, registry.c, timer.c, api.c */
void receive_open(lua_State *L);
void registry_open(lua_State *L);
/* alias.c */
void alias_open(lua_State *L);
int alias_lookup(lua_State *L, int ref);  /* pushes its live process, or 0 */
void alias_drop(lua_State *L, int ext);   /* a process's end: its aliases go */
void registry_drop(lua_State *L, int ext);
int registry_lookup(lua_State *L, int name);   /* pushes pid or nil */
void timer_open(lua_State *L);
void timer_close_all(lua_State *L);
void push_reason(lua_State *L, int idx);
void api_open(lua_State *L);
void api_inherit_gl(lua_State *L, vm_proc *parent, vm_proc *child);
int api_push_remote_gl(lua_State *L, vm_proc *p);
void api_report_to_gl_node(lua_State *L, int gl, vm_proc *p, const char *fmt,
                           int text);
void protect_open(lua_State *L);
void coroutine_open(lua_State *L);

/* send to any destination: pid, name, {name, node}; raises on bad dest */
void send_to(lua_State *L, int dest, int msg, int raise_unknown);

#endif

/*
** vm.h: one node's runtime. A Lua 5.4 state whose processes are coroutines,
** scheduled in C on a libuv loop. This header is what repl/ and dist/ see.
** vm/ knows nothing of either: distribution plugs in through vm_dist below.
*/
#ifndef VM_H
#define VM_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <uv.h>

typedef struct vm vm;
typedef struct vm_proc vm_proc;

/* Where processes' output goes (print, crash reports). repl/ points it at
** the terminal so that it lands above the prompt. */
typedef void (*vm_write_fn)(void *ud, const char *s, size_t n);

/* Called when a process ends; repl/ uses it to follow the shell and the
** script process. On L's stack: the pid at -2, the exit reason at -1. */
typedef void (*vm_exit_fn)(void *ud, vm_proc *p, lua_State *L);

/* The seam to distribution. Every operation on a pid of another node (or on
** a {name, node} pair) goes through here. With no vm_dist installed they
** fail with a sentence saying the node is not distributed. Stack indices
** are absolute indices in L, the calling state: 'from' is the local pid
** acting (it may have just died), 'remote' a remote pid or a
** tuple(name, node). The functions may raise a Lua error (bad input).
**   exit:  linked = 1 when 'from' died and was linked to the remote pid,
**          0 for exit(remote, reason)
**   down:  local process 'from', watched by remote pid 'watcher' under
**          ref, ended; item is what the DOWN names (pid or {name, node})
**   group_leader: make gl (a pid) the group leader of the remote pid, as
**          erlang:group_leader(GL, Pid) does for a pid of another node */
typedef struct vm_dist {
  void *ud;
  int (*send)(void *ud, lua_State *L, int dest, int msg);
  int (*link)(void *ud, lua_State *L, int from, int remote_pid);
  int (*unlink)(void *ud, lua_State *L, int from, int remote_pid);
  int (*monitor)(void *ud, lua_State *L, int from, int remote, int ref);
  int (*demonitor)(void *ud, lua_State *L, int from, int remote, int ref);
  int (*exit)(void *ud, lua_State *L, int from, int remote_pid, int reason,
              int linked);
  int (*down)(void *ud, lua_State *L, int from, int watcher, int ref,
              int item, int reason);
  int (*group_leader)(void *ud, lua_State *L, int gl, int remote_pid);
} vm_dist;

/* ---- Signals from other nodes (dist/ calls these) ----
** All indices are of L's stack. 'local' is a local pid; 'remote' a pid of
** another node. */
/* Delivers msg (not copied: it was just decoded) to a local pid or a
** registered name (string or atom). 0 when there is no such process. */
int vm_deliver_to(lua_State *L, int dest, int msg);
void vm_link_from(lua_State *L, int local, int remote);
void vm_unlink_from(lua_State *L, int local, int remote);
/* An exit signal from remote: linked = 1 when remote died while linked. */
void vm_exit_from(lua_State *L, int local, int remote, int reason, int linked);
/* remote monitors target (a local pid or name) under ref. 0 when target
** does not exist: the caller answers with a DOWN saying noproc. */
int vm_monitor_from(lua_State *L, int target, int remote, int ref);
void vm_demonitor_from(lua_State *L, int target, int ref);
/* local watches remote pid under ref, a monitor the other node made for it
** (a spawn request's monitor option, confirmed by the spawn reply): it is
** recorded as monitor() records one, without a MONITOR_P. Its DOWN then
** comes through vm_down_from, or noconnection through vm_node_down. 0 when
** local is no live process (the caller then tells the other node). */
int vm_monitor_record(lua_State *L, int local, int remote, int ref);
/* A DOWN for a monitor that local process watcher holds on another node. */
void vm_down_from(lua_State *L, int watcher, int ref, int item, int reason);
/* The connection to node is lost: every link and monitor that crossed to it
** fires with reason noconnection. */
void vm_node_down(lua_State *L, uint32_t node);

vm *vm_new(uv_loop_t *loop);
void vm_close(vm *v);   /* closes its libuv handles; run the loop, then free */
void vm_free(vm *v);
lua_State *vm_lua(vm *v);
uv_loop_t *vm_loop(vm *v);
vm *vm_of(lua_State *L);

void vm_set_write(vm *v, vm_write_fn fn, void *ud);
void vm_set_on_exit(vm *v, vm_exit_fn fn, void *ud);
void vm_set_dist(vm *v, const vm_dist *d);
void vm_write(vm *v, const char *s, size_t n);

/* The node's own name, "nonode@nohost" until distribution names it. */
void vm_set_node_name(vm *v, const char *name, uint32_t creation);
uint32_t vm_node_creation(vm *v);   /* 0 until distribution names it */
/* Node names as pids carry them: index 0 is this node. */
void vm_push_node_name(lua_State *L, uint32_t node);
uint32_t vm_node_index(lua_State *L, const char *name);
/* How many other nodes have an index (1..n): every node this one was ever
** connected to or holds a pid or reference of, gone ones too (nodes(known)). */
uint32_t vm_node_count(lua_State *L);

/* Spawn: push the function, then nargs arguments, then call. They are
** replaced by the new pid. Arguments are copied as messages are. */
vm_proc *vm_spawn(vm *v, lua_State *L, int nargs);
void vm_push_pid(lua_State *L, vm_proc *p);
/* A pid of another node (node > 0, see vm_node_index); the same numbers
** give the same userdata while it is alive. */
/* A pid of this node by its numbers: its process's, or a dead pid. */
void vm_push_local_pid(lua_State *L, uint32_t id, uint32_t serial);
void vm_push_remote_pid(lua_State *L, uint32_t node, uint32_t id,
                        uint32_t serial, uint32_t creation);
vm_proc *vm_current(vm *v);
int vm_live_count(vm *v);

/* Interrupt a process (Ctrl-C in the shell): it raises "interrupted" at its
** next instruction slice or wakes from a blocking receive to raise it. */
void vm_interrupt(vm *v, vm_proc *p);

/* Resume a process that waits on an outside event (vm_wait_io) with the
** nvals values on top of L (moved). */
void vm_resume_io(vm *v, vm_proc *p, lua_State *L, int nvals);
/* From a C function of the running process: wait for vm_resume_io. Use as
** "return vm_wait_io(L)"; the function then returns the values passed. */
int vm_wait_io(lua_State *L);

/* ---- Values, for dist/'s external term format ----
** Atoms are interned; vm_push_atom("true") gives Lua's true, "false" false
** and "nil" nil, as the wire mapping says. Tuples pop their n elements.
** Pids and references carry a node index (0: this node; vm_node_index). */
void vm_push_atom(lua_State *L, const char *name, size_t len);
const char *vm_atom_name(lua_State *L, int idx, size_t *len); /* NULL: no atom */
void vm_push_tuple(lua_State *L, int n);
int vm_tuple_size(lua_State *L, int idx);          /* -1: not a tuple */
void vm_tuple_get(lua_State *L, int idx, int i);   /* pushes element i (1-based) */
int vm_pid_numbers(lua_State *L, int idx, uint32_t *node, uint32_t *id,
                   uint32_t *serial, uint32_t *creation); /* 0: not a pid */
typedef struct vm_refnum {
  uint32_t node, creation, len;   /* len: how many words of n are used (1-5) */
  uint32_t n[5];
} vm_refnum;
void vm_push_ref(lua_State *L, const vm_refnum *r);
int vm_ref_numbers(lua_State *L, int idx, vm_refnum *r); /* 0: not a ref */
/* "atom", "tuple", "pid", "ref", "any" (the ANY wildcard), "exit" (the
** error value of exit/1), or NULL for a plain Lua value. */
const char *vm_typeof(lua_State *L, int idx);

/* Stop the node: the loop ends after the current slice. */
void vm_halt(vm *v, int status);
int vm_halted(vm *v, int *status);

#endif

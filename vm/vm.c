/*
** vm.c: a node's runtime as a whole: the Lua state, its libraries, the
** embedded Lua modules, output, node names, and the hooks repl/ and dist/
** plug into. The vm is reachable from any of its threads through the Lua
** state's extra space, which each new coroutine inherits.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lualib.h>
#include "internal.h"
#include "embedded.h"

vm *vm_of(lua_State *L) {
  return *(vm **)lua_getextraspace(L);
}

lua_State *vm_lua(vm *v) { return v->L; }
uv_loop_t *vm_loop(vm *v) { return v->loop; }
vm_proc *vm_current(vm *v) { return v->current; }
int vm_live_count(vm *v) { return v->live; }

static void write_stdout(void *ud, const char *s, size_t n) {
  (void)ud;
  fwrite(s, 1, n, stdout);
  fflush(stdout);
}

void vm_write(vm *v, const char *s, size_t n) {
  v->write(v->write_ud, s, n);
}

void vm_set_write(vm *v, vm_write_fn fn, void *ud) {
  v->write = fn ? fn : write_stdout;
  v->write_ud = ud;
}

void vm_set_on_exit(vm *v, vm_exit_fn fn, void *ud) {
  v->on_exit = fn;
  v->exit_ud = ud;
}

void vm_set_dist(vm *v, const vm_dist *d) {
  if (d) v->dist = *d;
  v->has_dist = d != NULL;
}

void vm_set_node_name(vm *v, const char *name, uint32_t creation) {
  snprintf(v->node_name, sizeof v->node_name, "%s", name);
  v->creation = creation;
}

uint32_t vm_node_creation(vm *v) { return v->creation; }

/* Node names by index, as pids carry them: 0 is this node. */
void vm_push_node_name(lua_State *L, uint32_t node) {
  vm *v = vm_of(L);
  if (node == 0) { lua_pushstring(L, v->node_name); return; }
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->nodes);
  lua_rawgeti(L, -1, node);
  lua_remove(L, -2);
}

uint32_t vm_node_index(lua_State *L, const char *name) {
  vm *v = vm_of(L);
  uint32_t i;
  if (strcmp(name, v->node_name) == 0) return 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, v->nodes);
  if (lua_getfield(L, -1, name) == LUA_TNUMBER) {
    i = (uint32_t)lua_tointeger(L, -1);
  } else {
    i = (uint32_t)lua_rawlen(L, -2) + 1;
    lua_pushstring(L, name);
    lua_rawseti(L, -3, i);
    lua_pushinteger(L, i);
    lua_setfield(L, -3, name);
  }
  lua_pop(L, 2);
  return i;
}

uint32_t vm_node_count(lua_State *L) {
  uint32_t n;
  lua_rawgeti(L, LUA_REGISTRYINDEX, vm_of(L)->nodes);
  n = (uint32_t)lua_rawlen(L, -1);
  lua_pop(L, 1);
  return n;
}

/* package.searchers entry: modules compiled into the binary. */
static int search_embedded(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const embedded_module *m;
  for (m = embedded_modules; m->name; m++) {
    if (strcmp(m->name, name) != 0) continue;
    if (luaL_loadbufferx(L, m->src, m->len, name, "b") != LUA_OK)
      return lua_error(L);     /* precompiled by tools/embed.c */
    lua_pushstring(L, name);
    return 2;
  }
  lua_pushfstring(L, "no module '%s' in the repl binary", name);
  return 1;
}

static void add_searcher(lua_State *L) {
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchers");
  lua_pushcfunction(L, search_embedded);
  lua_rawseti(L, -2, 2);     /* after preload, before the file system */
  lua_pop(L, 2);
}

static int protect_metatables(lua_State *L) {  /* getmetatable(atom.x) is false */
  int i;
  for (i = 0; i < MT_COUNT; i++) {
    mt_push(L, i);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  return 0;
}

static int open_all(lua_State *L) {
  vm *v = vm_of(L);
  luaL_openlibs(L);
  add_searcher(L);
  lua_newtable(L);
  v->nodes = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  v->pool = luaL_ref(L, LUA_REGISTRYINDEX);

  atom_open(L);
  tuple_open(L);
  pid_open(L);
  signal_open(L);
  receive_open(L);
  registry_open(L);
  alias_open(L);
  timer_open(L);
  api_open(L);
  protect_open(L);
  coroutine_open(L);
  protect_metatables(L);
  return 0;
}

vm *vm_new(uv_loop_t *loop) {
  vm *v = calloc(1, sizeof *v);
  if (v == NULL) return NULL;
  v->L = luaL_newstate();
  if (v->L == NULL) { free(v); return NULL; }
  *(vm **)lua_getextraspace(v->L) = v;
  v->loop = loop;
  v->next_id = 79;
  v->write = write_stdout;
  vm_set_node_name(v, "nonode@nohost", 0);
  lua_pushcfunction(v->L, open_all);
  if (lua_pcall(v->L, 0, 0, 0) != LUA_OK) {
    fprintf(stderr, "repl: cannot start the VM: %s\n", lua_tostring(v->L, -1));
    lua_close(v->L);
    free(v);
    return NULL;
  }
  sched_open(v);
  return v;
}

static void close_proc_timers(vm *v) {
  vm_proc *p;
  for (p = v->live_head; p; p = p->next_live)
    if (p->timer) {
      uv_timer_stop(p->timer);
      uv_close((uv_handle_t *)p->timer, (uv_close_cb)free);
      p->timer = NULL;
    }
}

/* Closes the vm's handles; run the loop once more afterwards so libuv can
** finish closing them, then vm_free. */
void vm_close(vm *v) {
  close_proc_timers(v);
  timer_close_all(v->L);
  sched_close(v);
}

void vm_free(vm *v) {
  if (v == NULL) return;
  lua_close(v->L);
  pidmap_free(v);
  free(v);
}

void vm_interrupt(vm *v, vm_proc *p) {
  if (p == NULL || p->state == P_DEAD) return;
  p->flags |= F_INTERRUPT;
  if (p->state == P_WAITING) sched_ready(v, p);
}

void vm_halt(vm *v, int status) {
  v->halted = 1;
  v->halt_status = status;
  uv_stop(v->loop);
}

int vm_halted(vm *v, int *status) {
  if (status) *status = v->halt_status;
  return v->halted;
}

/* ---- waiting on the outside world (the shell's line reader) ---- */

void vm_resume_io(vm *v, vm_proc *p, lua_State *L, int nvals) {
  if (p->state == P_DEAD) { lua_pop(L, nvals); return; }
  lua_xmove(L, p->co, nvals);
  p->nargs = (uint8_t)nvals;
  p->flags |= F_IOREADY;
  sched_ready(v, p);
}

static int io_k(lua_State *L, int status, lua_KContext ctx) {
  vm_proc *p = vm_of(L)->current;
  (void)status;
  proc_check_signals(L, p);
  if (!(p->flags & F_IOREADY)) {   /* woken for nothing: wait on */
    sched_wait(p, 0);
    return vm_yield(L, ctx, io_k);
  }
  p->flags &= ~F_IOREADY;
  return lua_gettop(L);           /* what vm_resume_io passed */
}

int vm_wait_io(lua_State *L) {
  vm_proc *p = proc_self(L);
  proc_timer_stop(p);
  p->flags &= ~F_IOREADY;
  sched_wait(p, 0);
  lua_settop(L, 0);
  return vm_yield(L, 0, io_k);
}

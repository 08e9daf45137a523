/*
** check.c: the outside world of the kata grader (repl/lua/check.lua), as
** the Lua table _check. Whatever takes time (a child's run, a file's next
** save) is reported as a message to a process, so that the grader waits
** in a selective receive, with a timeout if it likes, and a dead waiter
** is no danger: a message to a dead pid is dropped.
**   _check.run(args, pid)   runs this binary with args, stdio shared; on
**                           its exit pid gets {:"$check_exit", os_pid, status}
**   _check.watch(path, pid) pid gets {:"$check_changed", path} whenever the
**                           file is written, replaced or renamed (its folder
**                           is watched, since editors save by renaming)
**   _check.unwatch()        stops watching
**   _check.stat(path)       "file", "dir", "other", or nil and why
**   _check.list(dir)        the names in a folder, or nil and why
**   _check.realpath(path)   the absolute path, or nil and why
**   _check.mkdtemp(prefix)  a new empty folder prefixXXXXXX, or nil and why
**   _check.chdir(path)      this process's working folder; true, or nil
**                           and why
**   _check.cwd()            the working folder
**   _check.rmtree(path)     removes a folder and all it holds (links are
**                           removed, never followed); true, or nil and why
*/
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <lauxlib.h>
#include <uv.h>
#include "check.h"

typedef struct child {
  uv_process_t proc;
  vm *v;
  int pid_ref;                 /* the Lua pid to tell, in the registry */
} child;

static struct {
  uv_fs_event_t ev;
  int on;
  vm *v;
  int pid_ref;
  char *path, *name;           /* the file, and its name in its folder */
} W;

static vm *the_vm(lua_State *L) {
  return lua_touserdata(L, lua_upvalueindex(1));
}

/* Sends tuple(atom tag, value at idx [, value at idx2]) to the pid kept
** under ref; the values are on L's stack and are popped. */
static void post(vm *v, int ref, const char *tag, int nvals) {
  lua_State *L = vm_lua(v);
  int base = lua_gettop(L) - nvals;
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  vm_push_atom(L, tag, strlen(tag));
  lua_rotate(L, base + 1, 2);          /* pid, tag, values... */
  vm_push_tuple(L, nvals + 1);
  vm_deliver_to(L, base + 1, base + 2);
  lua_settop(L, base);
}

static void child_closed(uv_handle_t *h) {
  free(h->data);
}

static void child_exited(uv_process_t *p, int64_t status, int signal) {
  child *c = p->data;
  lua_State *L = vm_lua(c->v);
  lua_pushinteger(L, p->pid);
  lua_pushinteger(L, signal ? 128 + signal : (lua_Integer)status);
  post(c->v, c->pid_ref, "$check_exit", 2);
  luaL_unref(L, LUA_REGISTRYINDEX, c->pid_ref);
  uv_close((uv_handle_t *)p, child_closed);
}

static int l_run(lua_State *L) {
  vm *v = the_vm(L);
  char exe[4096];
  size_t len = sizeof exe;
  uv_process_options_t o;
  uv_stdio_container_t io[3];
  const char **argv;
  child *c;
  lua_Integer i, n;
  int err;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  if ((err = uv_exepath(exe, &len)) != 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "cannot find this program's path: %s", uv_strerror(err));
    return 2;
  }
  n = luaL_len(L, 1);
  argv = lua_newuserdatauv(L, (size_t)(n + 2) * sizeof *argv, 0);
  argv[0] = exe;
  luaL_checkstack(L, (int)n + 4, "too many arguments");
  for (i = 1; i <= n; i++) {        /* the strings stay on the stack */
    lua_rawgeti(L, 1, i);
    argv[i] = luaL_checkstring(L, -1);
  }
  argv[n + 1] = NULL;
  memset(&o, 0, sizeof o);
  for (i = 0; i < 3; i++) {
    io[i].flags = UV_INHERIT_FD;
    io[i].data.fd = (int)i;
  }
  o.file = exe;
  o.args = (char **)argv;
  o.stdio = io;
  o.stdio_count = 3;
  o.exit_cb = child_exited;
  c = calloc(1, sizeof *c);
  if (c == NULL) return luaL_error(L, "out of memory");
  c->v = v;
  c->proc.data = c;
  if ((err = uv_spawn(vm_loop(v), &c->proc, &o)) != 0) {
    /* uv_spawn asks for a close even when it fails */
    uv_close((uv_handle_t *)&c->proc, child_closed);
    lua_pushnil(L);
    lua_pushfstring(L, "cannot start %s: %s", exe, uv_strerror(err));
    return 2;
  }
  lua_pushvalue(L, 2);
  c->pid_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushinteger(L, c->proc.pid);
  return 1;
}

static void changed(uv_fs_event_t *h, const char *file, int events, int status) {
  lua_State *L = vm_lua(W.v);
  (void)h; (void)events;
  if (status < 0 || (file != NULL && strcmp(file, W.name) != 0)) return;
  lua_pushstring(L, W.path);
  post(W.v, W.pid_ref, "$check_changed", 1);
}

static void unwatch(lua_State *L) {
  if (!W.on) return;
  uv_fs_event_stop(&W.ev);
  uv_close((uv_handle_t *)&W.ev, NULL);
  luaL_unref(L, LUA_REGISTRYINDEX, W.pid_ref);
  free(W.path);
  W.on = 0;
}

static int l_unwatch(lua_State *L) {
  unwatch(L);
  return 0;
}

static int l_watch(lua_State *L) {
  vm *v = the_vm(L);
  const char *path = luaL_checkstring(L, 1);
  char *slash;
  int err;
  luaL_checkany(L, 2);
  unwatch(L);
  if ((W.path = malloc(strlen(path) * 2 + 3)) == NULL) return luaL_error(L, "out of memory");
  /* W.path holds the path, then its folder ("." when it names none) */
  strcpy(W.path, path);
  slash = strrchr(path, '/');
  W.name = W.path + (slash ? slash - path + 1 : 0);
  {
    char *dir = W.path + strlen(path) + 1;
    if (slash == NULL) strcpy(dir, ".");
    else if (slash == path) strcpy(dir, "/");
    else { memcpy(dir, path, (size_t)(slash - path)); dir[slash - path] = 0; }
    uv_fs_event_init(vm_loop(v), &W.ev);
    if ((err = uv_fs_event_start(&W.ev, changed, dir, 0)) != 0) {
      uv_close((uv_handle_t *)&W.ev, NULL);
      free(W.path);
      lua_pushnil(L);
      lua_pushfstring(L, "cannot watch %s: %s", path, uv_strerror(err));
      return 2;
    }
  }
  W.v = v;
  lua_pushvalue(L, 2);
  W.pid_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  W.on = 1;
  lua_pushboolean(L, 1);
  return 1;
}

static int fail(lua_State *L, const char *what, const char *path, int err) {
  lua_pushnil(L);
  lua_pushfstring(L, "cannot %s %s: %s", what, path, uv_strerror(err));
  return 2;
}

static int l_stat(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  uv_fs_t req;
  int err = uv_fs_stat(NULL, &req, path, NULL);
  uint64_t mode = req.statbuf.st_mode;
  uv_fs_req_cleanup(&req);
  if (err < 0) return fail(L, "read", path, err);
  if ((mode & S_IFMT) == S_IFDIR) lua_pushliteral(L, "dir");
  else if ((mode & S_IFMT) == S_IFREG) lua_pushliteral(L, "file");
  else lua_pushliteral(L, "other");
  return 1;
}

static int l_list(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  uv_fs_t req;
  uv_dirent_t ent;
  int i = 0, err = uv_fs_scandir(NULL, &req, path, 0, NULL);
  if (err < 0) {
    uv_fs_req_cleanup(&req);
    return fail(L, "list", path, err);
  }
  lua_newtable(L);
  while (uv_fs_scandir_next(&req, &ent) != UV_EOF) {
    lua_pushstring(L, ent.name);
    lua_rawseti(L, -2, ++i);
  }
  uv_fs_req_cleanup(&req);
  return 1;
}

static int l_realpath(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  uv_fs_t req;
  int err = uv_fs_realpath(NULL, &req, path, NULL);
  if (err < 0) {
    uv_fs_req_cleanup(&req);
    return fail(L, "find", path, err);
  }
  lua_pushstring(L, req.ptr);
  uv_fs_req_cleanup(&req);
  return 1;
}

static int l_mkdtemp(lua_State *L) {
  const char *prefix = luaL_checkstring(L, 1);
  uv_fs_t req;
  int err = uv_fs_mkdtemp(NULL, &req, lua_pushfstring(L, "%sXXXXXX", prefix), NULL);
  if (err < 0) {
    uv_fs_req_cleanup(&req);
    return fail(L, "make a folder", prefix, err);
  }
  lua_pushstring(L, req.path);
  uv_fs_req_cleanup(&req);
  return 1;
}

static int l_chdir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int err = uv_chdir(path);
  if (err < 0) return fail(L, "enter", path, err);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_cwd(lua_State *L) {
  char buf[4096];
  size_t len = sizeof buf;
  int err = uv_cwd(buf, &len);
  if (err < 0) return fail(L, "find", "the working folder", err);
  lua_pushlstring(L, buf, len);
  return 1;
}

/* nftw visits a folder's contents before the folder (FTW_DEPTH) and never
** follows a link (FTW_PHYS), so a link out of the tree is removed, not
** what it points at. */
static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f) {
  (void)sb; (void)flag; (void)f;
  return remove(path);
}

static int l_rmtree(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
    return luaL_fileresult(L, 0, path);
  lua_pushboolean(L, 1);
  return 1;
}

void check_open(lua_State *L, vm *v) {
  static const luaL_Reg fns[] = {
    {"run", l_run}, {"watch", l_watch}, {"unwatch", l_unwatch},
    {"stat", l_stat}, {"list", l_list}, {"realpath", l_realpath},
    {"mkdtemp", l_mkdtemp}, {"chdir", l_chdir}, {"cwd", l_cwd},
    {"rmtree", l_rmtree},
    {NULL, NULL}
  };
  luaL_newlibtable(L, fns);
  lua_pushlightuserdata(L, v);
  luaL_setfuncs(L, fns, 1);
  lua_setglobal(L, "_check");
}

/*
** coroutine.c: coroutines inside a process. A process may resume coroutines
** of its own (iterators, generators). When code in one of them is preempted
** or waits in receive or sleep, that yield is the scheduler's, not the
** resumer's: coroutine.resume and coroutine.wrap here pass such a yield on
** up to the scheduler, and resume the inner coroutine again when the process
** runs again. The user's own coroutine.yield behaves as in plain Lua.
*/
#include "internal.h"

static int resume_k(lua_State *L, int status, lua_KContext ctx);

/* Why a coroutine cannot be resumed, or NULL when it can. */
static const char *not_resumable(lua_State *L, lua_State *co) {
  lua_Debug ar;
  if (L == co) return "cannot resume non-suspended coroutine";
  switch (lua_status(co)) {
    case LUA_YIELD: return NULL;
    case LUA_OK:
      if (lua_getstack(co, 0, &ar)) return "cannot resume non-suspended coroutine";
      if (lua_gettop(co) == 0) return "cannot resume dead coroutine";
      return NULL;
    default: return "cannot resume dead coroutine";
  }
}

/* Resumes co with the narg values on top of L. Returns how many results it
** moved onto L, or -1 with the error on top of L. A yield of the VM's is
** passed on through L; ctx tells the continuation which form called. */
static int resume(lua_State *L, lua_State *co, int narg, lua_KContext ctx) {
  vm *v = vm_of(L);
  vm_proc *p = v->current;
  int status, nres;
  if (!lua_checkstack(co, narg)) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  lua_xmove(L, co, narg);
  for (;;) {
    v->vm_yield = 0;
    status = lua_resume(co, L, narg, &nres);
    if (status != LUA_YIELD || !v->vm_yield) break;
    lua_pop(co, nres);
    if (lua_isyieldable(L)) return vm_yield(L, ctx, resume_k);
    if (p && p->state == P_WAITING) {      /* cannot wait from here */
      p->state = P_RUNNING;
      lua_pushliteral(L, "cannot receive or sleep inside this coroutine: "
                      "its resumer is not in a position to wait");
      return -1;
    }
    narg = 0;                              /* preempted: carry on here */
  }
  if (p && (p->flags & F_EXITING)) proc_raise_exit(L, p);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (!lua_checkstack(L, nres + 1)) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  }
  lua_xmove(co, L, 1);
  return -1;
}

/* coroutine.resume(co, ...): true and the results, or false and the error. */
static int finish_resume(lua_State *L, int r) {
  if (r < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(r + 1));
  return r + 1;
}

/* coroutine.wrap's function: the results, or the error raised again. */
static int finish_wrap(lua_State *L, int r) {
  if (r >= 0) return r;
  if (lua_type(L, -1) == LUA_TSTRING) {    /* add where, as Lua's wrap does */
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

#define FROM_RESUME 0
#define FROM_WRAP   1

static lua_State *wrapped(lua_State *L) {
  return lua_tothread(L, lua_upvalueindex(1));
}

static int resume_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status;
  if (ctx == FROM_WRAP) {
    lua_State *co = wrapped(L);
    return finish_wrap(L, resume(L, co, 0, FROM_WRAP));
  }
  return finish_resume(L, resume(L, lua_tothread(L, 1), 0, FROM_RESUME));
}

static int l_resume(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  const char *why;
  luaL_argexpected(L, co != NULL, 1, "coroutine");
  if ((why = not_resumable(L, co)) != NULL) {
    lua_pushboolean(L, 0);
    lua_pushstring(L, why);
    return 2;
  }
  return finish_resume(L, resume(L, co, lua_gettop(L) - 1, FROM_RESUME));
}

static int wrap_call(lua_State *L) {
  lua_State *co = wrapped(L);
  const char *why = not_resumable(L, co);
  if (why != NULL) return luaL_error(L, "%s", why);
  return finish_wrap(L, resume(L, co, lua_gettop(L), FROM_WRAP));
}

static int l_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, lua_tothread(L, -2), 1);
  lua_pushcclosure(L, wrap_call, 1);
  return 1;
}

void coroutine_open(lua_State *L) {
  lua_getglobal(L, "coroutine");
  lua_pushcfunction(L, l_resume);
  lua_setfield(L, -2, "resume");
  lua_pushcfunction(L, l_wrap);
  lua_setfield(L, -2, "wrap");
  lua_pop(L, 1);
}

/*
** receive.c: selective receive. The first message (oldest first) that
** matches is taken and the others stay in order. Forms:
**   receive()                 the next message, waiting for ever
**   receive(ms)               the next message, or nil after ms (0: poll)
**   receive(pred [, ms])      the first message for which pred(msg) is true
**   receive(template [, ms])  the first message that matches the template
**   receive(when(p1, f1), when(p2, f2), after(ms, f3))
**                             the first message matching a clause, passed to
**                             its handler; after's handler on timeout
** Templates: ANY matches anything; a function tests a field; a tuple matches
** tuples of its size element by element; a table matches tables that have
** its keys with matching values (and, if it is a sequence, the same length);
** any other value matches an equal one.
** A process waiting here is woken by each new message and scans only the
** messages it has not seen yet (p->scan).
*/
#include <math.h>
#include "internal.h"

enum { R_ANY, R_PRED, R_TEMPLATE, R_CLAUSES };

typedef struct spec {
  int kind;
  int pat;                /* R_PRED, R_TEMPLATE: index of the pattern */
  int nclauses;           /* R_CLAUSES: clauses are at 1..nclauses */
  int after;              /* index of the after clause, or 0 */
  lua_Integer timeout;    /* -1: for ever */
} spec;

#define ARMED 0x10000     /* ctx bit: the timeout timer was started */

static lua_Integer check_ms(lua_State *L, int idx) {
  lua_Number ms;
  if (lua_isnoneornil(L, idx)) return -1;
  ms = luaL_checknumber(L, idx);
  if (ms == HUGE_VAL) return -1;
  luaL_argcheck(L, ms >= 0, idx, "a timeout is a number of milliseconds >= 0");
  return (lua_Integer)ms;
}

static void parse(lua_State *L, int n, spec *s) {
  int i;
  s->kind = R_ANY; s->pat = 0; s->nclauses = 0; s->after = 0; s->timeout = -1;
  if (n == 0) return;
  if (is_udata(L, 1, MT_CLAUSE) || is_udata(L, 1, MT_AFTER)) {
    s->kind = R_CLAUSES;
    for (i = 1; i <= n; i++) {
      if (is_udata(L, i, MT_CLAUSE) && !s->after) { s->nclauses = i; continue; }
      if (is_udata(L, i, MT_AFTER) && i == n) { s->after = i; break; }
      luaL_argerror(L, i, "expected when(pattern, fn) clauses and one "
                    "after(ms, fn) at the end");
    }
    if (s->after) {
      lua_getiuservalue(L, s->after, 1);
      s->timeout = lua_tointeger(L, -1);
      lua_pop(L, 1);
    }
    return;
  }
  if (lua_type(L, 1) == LUA_TNUMBER && n == 1) { s->timeout = check_ms(L, 1); return; }
  if (!lua_isnil(L, 1)) {
    s->kind = lua_isfunction(L, 1) ? R_PRED : R_TEMPLATE;
    s->pat = 1;
  }
  s->timeout = check_ms(L, 2);
}

static int match(lua_State *L, int pat, int val, int depth);

static int match_tuple(lua_State *L, int pat, int val, int depth) {
  int i, n = tuple_size(L, pat), ok = 1;
  if (tuple_size(L, val) != n) return 0;
  for (i = 1; ok && i <= n; i++) {
    tuple_get(L, pat, i);
    tuple_get(L, val, i);
    ok = match(L, lua_gettop(L) - 1, lua_gettop(L), depth + 1);
    lua_pop(L, 2);
  }
  return ok;
}

static int match_table(lua_State *L, int pat, int val, int depth) {
  size_t n = lua_rawlen(L, pat);
  int ok = 1;
  if (!lua_istable(L, val) || (n > 0 && lua_rawlen(L, val) != n)) return 0;
  lua_pushnil(L);
  while (ok && lua_next(L, pat)) {
    lua_pushvalue(L, -2);
    /* a key must be there, even for ANY, as %{x: _} in Elixir */
    ok = lua_rawget(L, val) != LUA_TNIL &&
         match(L, lua_gettop(L) - 1, lua_gettop(L), depth + 1);
    lua_pop(L, 2);
  }
  if (!ok) lua_pop(L, 1);   /* the key lua_next left */
  return ok;
}

static int match(lua_State *L, int pat, int val, int depth) {
  luaL_checkstack(L, 8, "pattern too deep");
  if (depth > 100) luaL_error(L, "receive pattern nested too deep");
  switch (lua_type(L, pat)) {
    case LUA_TFUNCTION: {
      int ok;
      lua_pushvalue(L, pat);
      lua_pushvalue(L, val);
      lua_call(L, 1, 1);
      ok = lua_toboolean(L, -1);
      lua_pop(L, 1);
      return ok;
    }
    case LUA_TTABLE: return match_table(L, pat, val, depth);
    case LUA_TUSERDATA:
      if (any_is(L, pat)) return 1;
      if (tuple_size(L, pat) >= 0) return match_tuple(L, pat, val, depth);
      break;
    default: break;
  }
  return lua_compare(L, pat, val, LUA_OPEQ);
}

/* Does the message at msg match; for clauses, which one (1-based). */
static int matches(lua_State *L, spec *s, int msg) {
  int i;
  switch (s->kind) {
    case R_ANY: return 1;
    case R_PRED: case R_TEMPLATE: return match(L, s->pat, msg, 0);
    default:
      for (i = 1; i <= s->nclauses; i++) {
        int ok;
        lua_getiuservalue(L, i, 1);
        ok = match(L, lua_gettop(L), msg, 0);
        lua_pop(L, 1);
        if (ok) return i;
      }
      return 0;
  }
}

static int results_k(lua_State *L, int status, lua_KContext ctx) {
  (void)status; (void)ctx;
  return lua_gettop(L);
}

/* Calls the handler in user value 2 of the clause at idx (or returns the
** message when it has none), with nargs arguments on top. */
static int run_handler(lua_State *L, int idx, int nargs) {
  int base = lua_gettop(L) - nargs;
  if (lua_getiuservalue(L, idx, 2) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_rotate(L, 1, nargs);
    lua_settop(L, nargs);
    return nargs;
  }
  lua_insert(L, base + 1);
  lua_rotate(L, 1, nargs + 1);
  lua_settop(L, nargs + 1);
  lua_callk(L, nargs, LUA_MULTRET, 0, results_k);
  return lua_gettop(L);
}

static int found(lua_State *L, vm_proc *p, spec *s, int which) {
  proc_timer_stop(p);
  p->flags &= ~F_TIMEDOUT;
  if (s->kind == R_CLAUSES) return run_handler(L, which, 1);
  return 1;
}

static int timed_out(lua_State *L, vm_proc *p, spec *s) {
  p->flags &= ~F_TIMEDOUT;
  if (s->after) return run_handler(L, s->after, 0);
  lua_pushnil(L);
  return 1;
}

static int receive_k(lua_State *L, int status, lua_KContext ctx) {
  vm_proc *p = vm_of(L)->current;
  int n = (int)(ctx & 0xffff), which = 0;
  uint32_t slot;
  spec s;
  (void)status;
  proc_check_signals(L, p);
  lua_settop(L, n);
  parse(L, n, &s);
  slot = s.kind == R_ANY ? p->mb_head : (p->scan > p->mb_head ? p->scan : p->mb_head);
  for (; slot < p->mb_tail; slot++) {
    if (!mailbox_get(L, p, slot)) continue;
    if ((which = matches(L, &s, lua_gettop(L))) != 0) {
      mailbox_take(L, p, slot);
      return found(L, p, &s, which);
    }
    lua_pop(L, 1);
  }
  p->scan = p->mb_tail;
  if ((p->flags & F_TIMEDOUT) || s.timeout == 0) return timed_out(L, p, &s);
  if (s.timeout > 0 && !(ctx & ARMED)) {
    proc_timer_start(vm_of(L), p, s.timeout);
    ctx |= ARMED;
  }
  lua_settop(L, n);
  sched_wait(p, F_WAKEMSG);
  return vm_yield(L, ctx, receive_k);
}

static int l_receive(lua_State *L) {
  vm_proc *p = proc_self(L);
  int n = lua_gettop(L);
  if (n == 0 && p->mb_count > 0 && !(p->flags & (F_EXITING | F_INTERRUPT))) {
    return mailbox_pop(L, p);     /* receive() with mail: the ping-pong path */
  }
  luaL_argcheck(L, n < 0xffff, n, "too many receive clauses");
  proc_timer_stop(p);
  p->flags &= ~F_TIMEDOUT;
  p->scan = p->mb_head;
  return receive_k(L, LUA_OK, n);
}

static int sleep_k(lua_State *L, int status, lua_KContext ctx) {
  vm_proc *p = vm_of(L)->current;
  (void)status; (void)ctx;
  proc_check_signals(L, p);
  if (p->flags & F_TIMEDOUT) { p->flags &= ~F_TIMEDOUT; return 0; }
  sched_wait(p, 0);            /* woken early for nothing: wait on */
  return vm_yield(L, 0, sleep_k);
}

static int l_sleep(lua_State *L) {
  vm_proc *p = proc_self(L);
  lua_Integer ms = check_ms(L, 1);
  luaL_argcheck(L, ms >= 0, 1, "sleep needs a number of milliseconds");
  proc_timer_start(vm_of(L), p, ms);
  sched_wait(p, 0);
  return vm_yield(L, 0, sleep_k);
}

static int make_clause(lua_State *L, int mt) {
  lua_settop(L, 2);
  lua_newuserdatauv(L, 0, 2);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  mt_set(L, mt);
  return 1;
}

static int l_when(lua_State *L) {   /* when(pattern [, handler]) */
  luaL_checkany(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  return make_clause(L, MT_CLAUSE);
}

static int l_after(lua_State *L) {  /* after(ms [, handler]) */
  lua_Integer ms = check_ms(L, 1);
  luaL_argcheck(L, ms >= 0, 1, "after needs a number of milliseconds");
  lua_pushinteger(L, ms);
  lua_replace(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  return make_clause(L, MT_AFTER);
}

void receive_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"receive", l_receive}, {"sleep", l_sleep}, {"when", l_when},
    {"after", l_after}, {NULL, NULL}
  };
  mt_new(L, MT_CLAUSE, "vm.clause");
  lua_pop(L, 1);
  mt_new(L, MT_AFTER, "vm.after");
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

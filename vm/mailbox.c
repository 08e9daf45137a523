/*
** mailbox.c: a process's message queue. Messages live in a Lua table,
** anchored in the registry (p->mbox), at slots [head, tail). Selective
** receive takes from the middle and leaves a hole; the head skips holes, and
** an empty mailbox starts again at slot 1 so a ping-pong never grows it.
** A nil message is stored as a sentinel, since nil is what a hole is.
*/
#include "internal.h"

#define BIG_WINDOW 1024   /* an emptied mailbox this large gets a new table */

static char nil_message;  /* its address is the sentinel */

static int push_table(lua_State *L, vm_proc *p, int create) {
  if (p->mbox != LUA_NOREF) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->mbox);
    return 1;
  }
  if (!create) return 0;
  lua_createtable(L, 4, 0);
  lua_pushvalue(L, -1);
  p->mbox = luaL_ref(L, LUA_REGISTRYINDEX);
  p->mb_head = p->mb_tail = 1;
  return 1;
}

void mailbox_free(lua_State *L, vm_proc *p) {
  luaL_unref(L, LUA_REGISTRYINDEX, p->mbox);
  p->mbox = LUA_NOREF;
  p->mb_count = 0;
  p->mb_head = p->mb_tail = 1;
}

void mailbox_push(lua_State *L, vm_proc *p, int idx) {
  idx = lua_absindex(L, idx);
  push_table(L, p, 1);
  if (lua_isnil(L, idx)) lua_pushlightuserdata(L, &nil_message);
  else lua_pushvalue(L, idx);
  lua_rawseti(L, -2, p->mb_tail++);
  p->mb_count++;
  lua_pop(L, 1);
}

/* Pushes the message at slot and returns 1, or pushes nothing and returns 0
** for a hole. */
int mailbox_get(lua_State *L, vm_proc *p, uint32_t slot) {
  if (!push_table(L, p, 0)) return 0;
  if (lua_rawgeti(L, -1, slot) == LUA_TNIL) { lua_pop(L, 2); return 0; }
  if (lua_touserdata(L, -1) == &nil_message) {
    lua_pop(L, 1);
    lua_pushnil(L);
  }
  lua_remove(L, -2);
  return 1;
}

void mailbox_take(lua_State *L, vm_proc *p, uint32_t slot) {
  push_table(L, p, 1);
  lua_pushnil(L);
  lua_rawseti(L, -2, slot);
  if (--p->mb_count == 0) {
    lua_pop(L, 1);
    if (p->mb_tail > BIG_WINDOW) mailbox_free(L, p);  /* let a flood go */
    p->mb_head = p->mb_tail = 1;
    return;
  }
  if (slot == p->mb_head) {
    int hole;
    do {               /* count > 0, so a message lies ahead */
      hole = lua_rawgeti(L, -1, ++p->mb_head) == LUA_TNIL;
      lua_pop(L, 1);
    } while (hole);
  }
  lua_pop(L, 1);
}

/* Takes the oldest message and pushes it; the mailbox must not be empty. */
int mailbox_pop(lua_State *L, vm_proc *p) {
  uint32_t slot = p->mb_head;
  mailbox_get(L, p, slot);
  mailbox_take(L, p, slot);
  return 1;
}

/* Pushes a list of all messages, oldest first (process_info). */
void mailbox_list(lua_State *L, vm_proc *p) {
  uint32_t s;
  int n = 0;
  lua_createtable(L, (int)p->mb_count, 0);
  for (s = p->mb_head; s < p->mb_tail; s++)
    if (mailbox_get(L, p, s)) lua_rawseti(L, -2, ++n);
}

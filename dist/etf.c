/*
** etf.c: the external term format (erts' erl_ext_dist), encoder and
** decoder; etf.h says which Lua value becomes which term.
**
** Both directions run inside lua_pcall, so that malformed input, a value
** that cannot be sent and a failed allocation all become one error message
** instead of a raise through the caller (the network code) or a crash. The
** encoder writes straight into the caller's buffer and cuts it back when it
** fails; the decoder checks every length against the bytes that are left
** before it reads or allocates anything.
*/
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <zlib.h>
#include "vm.h"
#include "etf.h"

enum {
  T_NEW_FLOAT = 70, T_BIT_BINARY = 77, T_COMPRESSED = 80, T_CACHE_REF = 82,
  T_NEW_PID = 88, T_NEW_PORT = 89, T_NEWER_REF = 90, T_SMALL_INT = 97,
  T_INT = 98, T_FLOAT = 99, T_ATOM = 100, T_REF = 101, T_PORT = 102,
  T_PID = 103, T_SMALL_TUPLE = 104, T_LARGE_TUPLE = 105, T_NIL = 106,
  T_STRING = 107, T_LIST = 108, T_BINARY = 109, T_SMALL_BIG = 110,
  T_LARGE_BIG = 111, T_NEW_FUN = 112, T_EXPORT = 113, T_NEW_REF = 114,
  T_SMALL_ATOM = 115, T_MAP = 116, T_ATOM_UTF8 = 118,
  T_SMALL_ATOM_UTF8 = 119, T_V4_PORT = 120, T_LOCAL = 121
};

#define MAX_ATOM_CHARS 255
#define MAX_ATOM_BYTES (4 * MAX_ATOM_CHARS)   /* in UTF-8 */
#define MAX_REF_WORDS  5
#define MAX_PREALLOC   4096    /* table slots made before elements arrive */
#define DEFLATE_RATIO  1032    /* the most deflate can expand one byte to */

/* The tags of the shapes that stand for terms Lua has no type for. */
#define A_IMPROPER "improper_list"
#define A_BITSTR   "bitstring"
#define A_PORT     "port"
#define A_ERLFUN   "$erlang_fun"
#define A_LUAFUN   "$lua_fun"
#define A_GLOBALS  "$lua_globals"
#define A_SELF     "$lua_self"

/* Number of characters of UTF-8 text s[0, n), or -1 when it is not UTF-8
** (loosely: lead and continuation bytes only; Erlang checks the rest). */
static long utf8_chars(const unsigned char *s, size_t n) {
  size_t i = 0, j, k;
  long count = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) k = 1;
    else if (c >= 0xc2 && c < 0xe0) k = 2;
    else if (c >= 0xe0 && c < 0xf0) k = 3;
    else if (c >= 0xf0 && c < 0xf5) k = 4;
    else return -1;
    if (k > n - i) return -1;
    for (j = 1; j < k; j++)
      if ((s[i + j] & 0xc0) != 0x80) return -1;
    i += k;
    count++;
  }
  return count;
}

static int is_atom(lua_State *L, int idx, const char *name) {
  size_t n;
  const char *s = vm_atom_name(L, idx, &n);
  return s != NULL && n == strlen(name) && memcmp(s, name, n) == 0;
}

/* Does the tuple at idx have n elements and the atom 'tag' first? */
static int tagged(lua_State *L, int idx, int n, const char *tag) {
  int yes;
  if (vm_tuple_size(L, idx) != n) return 0;
  vm_tuple_get(L, idx, 1);
  yes = is_atom(L, -1, tag);
  lua_pop(L, 1);
  return yes;
}

/* The length of the sequence at idx (keys exactly 1..n), 0 when it is
** empty or not a sequence; *count gets the number of keys. */
static lua_Integer seq_len(lua_State *L, int idx, size_t *count) {
  lua_Integer max = 0;
  int seq = 1;
  *count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    (*count)++;
    if (seq && lua_isinteger(L, -2)) {
      lua_Integer k = lua_tointeger(L, -2);
      if (k < 1) seq = 0;
      else if (k > max) max = k;
    } else {
      seq = 0;
    }
    lua_pop(L, 1);
  }
  /* distinct keys, all in 1..max, as many as max: exactly 1..max */
  return (seq && (size_t)max == *count) ? max : 0;
}


/* ================================================================ */
/* Encoding                                                          */
/* ================================================================ */

typedef struct enc {
  etf_buf *b;
  size_t start;     /* b->len when this term began */
  int globals;      /* stack index: the global table */
  int depth;
  const void *path[ETF_MAX_DEPTH];  /* the containers being encoded */
} enc;

static void enc_any(lua_State *L, enc *e, int idx);

#define CYCLE_TABLE    "cannot send a table that contains itself"
#define CYCLE_TUPLE    "cannot send a tuple that contains itself"
#define CYCLE_FUNCTION "cannot send a function whose upvalues lead back to " \
                       "it (only a direct self-reference can travel)"

static void put(lua_State *L, enc *e, const void *p, size_t n) {
  if (n > ETF_MAX_SIZE || e->b->len - e->start > ETF_MAX_SIZE - n)
    luaL_error(L, "cannot send a value that encodes to more than %d MiB",
               (int)(ETF_MAX_SIZE >> 20));
  if (dbuf_add(e->b, p, n) != 0)
    luaL_error(L, "not enough memory to encode the value");
}

static void put_u8(lua_State *L, enc *e, unsigned v) {
  unsigned char c = (unsigned char)v;
  put(L, e, &c, 1);
}

static void put_u16(lua_State *L, enc *e, unsigned v) {
  unsigned char c[2];
  c[0] = (unsigned char)(v >> 8);
  c[1] = (unsigned char)v;
  put(L, e, c, 2);
}

static void put_u32v(lua_State *L, enc *e, uint32_t v) {
  unsigned char c[4];
  put_u32(c, v);
  put(L, e, c, 4);
}

static void put_u64(lua_State *L, enc *e, uint64_t v) {
  put_u32v(L, e, (uint32_t)(v >> 32));
  put_u32v(L, e, (uint32_t)v);
}

/* Containers enter the path while their elements are encoded: meeting one
** again on the way down is a cycle, which a term cannot express. Meeting
** it again elsewhere (shared, not cyclic) just copies it twice. */
static void enter(lua_State *L, enc *e, int idx, const char *cycle) {
  const void *c = lua_topointer(L, idx);
  int i;
  if (e->depth == ETF_MAX_DEPTH)
    luaL_error(L, "cannot send a value nested more than %d deep",
               ETF_MAX_DEPTH);
  luaL_checkstack(L, 8, "value nested too deep to send");
  for (i = 0; i < e->depth; i++)     /* paths are short: a scan is cheap */
    if (e->path[i] == c) luaL_error(L, "%s", cycle);
  e->path[e->depth++] = c;
}

static void leave(lua_State *L, enc *e, int idx) {
  (void)L; (void)idx;
  e->depth--;
}

static void enc_int(lua_State *L, enc *e, lua_Integer v) {
  unsigned char d[8];
  uint64_t mag;
  int n = 0;
  if (v >= 0 && v <= 255) {
    put_u8(L, e, T_SMALL_INT);
    put_u8(L, e, (unsigned)v);
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    put_u8(L, e, T_INT);
    put_u32v(L, e, (uint32_t)(int32_t)v);
  } else {          /* magnitude, least significant byte first */
    mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    while (mag) { d[n++] = (unsigned char)mag; mag >>= 8; }
    put_u8(L, e, T_SMALL_BIG);
    put_u8(L, e, (unsigned)n);
    put_u8(L, e, v < 0);
    put(L, e, d, (size_t)n);
  }
}

static void enc_float(lua_State *L, enc *e, lua_Number x) {
  double f = (double)x;
  uint64_t bits;
  if (!isfinite(f))
    luaL_error(L, "cannot send %s: Erlang has only finite floats",
               f != f ? "nan" : f > 0 ? "inf" : "-inf");
  memcpy(&bits, &f, sizeof bits);
  put_u8(L, e, T_NEW_FLOAT);
  put_u64(L, e, bits);
}

static void enc_atom_text(lua_State *L, enc *e, const char *s, size_t n) {
  long chars = utf8_chars((const unsigned char *)s, n);
  if (chars < 0)
    luaL_error(L, "cannot send an atom whose name is not UTF-8");
  if (chars > MAX_ATOM_CHARS)
    luaL_error(L, "cannot send an atom longer than %d characters",
               MAX_ATOM_CHARS);
  if (n <= 255) {
    put_u8(L, e, T_SMALL_ATOM_UTF8);
    put_u8(L, e, (unsigned)n);
  } else {
    put_u8(L, e, T_ATOM_UTF8);
    put_u16(L, e, (unsigned)n);
  }
  put(L, e, s, n);
}

static void enc_binary(lua_State *L, enc *e, const char *s, size_t n) {
  if (n > UINT32_MAX) luaL_error(L, "cannot send a string of 4 GiB or more");
  put_u8(L, e, T_BINARY);
  put_u32v(L, e, (uint32_t)n);
  put(L, e, s, n);
}

/* The node of a pid or ref, by index, as its name atom. */
static void enc_node(lua_State *L, enc *e, uint32_t node) {
  size_t n;
  const char *s;
  vm_push_node_name(L, node);
  s = lua_tolstring(L, -1, &n);
  if (s == NULL) luaL_error(L, "cannot send a pid or ref of unknown node %d",
                            (int)node);
  enc_atom_text(L, e, s, n);
  lua_pop(L, 1);
}

/* Our own pids carry the node's current creation: the pid may be older
** than the name (made before distribution started), and Erlang routes
** by name and creation. */
static void enc_pid(lua_State *L, enc *e, int idx) {
  uint32_t node, id, serial, creation;
  vm_pid_numbers(L, idx, &node, &id, &serial, &creation);
  if (node == 0) creation = vm_node_creation(vm_of(L));
  put_u8(L, e, T_NEW_PID);
  enc_node(L, e, node);
  put_u32v(L, e, id);
  put_u32v(L, e, serial);
  put_u32v(L, e, creation);
}

/* A ref keeps its own creation, so that it comes back equal; only refs
** made before the node had a name (creation 0, which Erlang reserves)
** take the current one. */
static void enc_ref(lua_State *L, enc *e, int idx) {
  vm_refnum r;
  uint32_t i;
  vm_ref_numbers(L, idx, &r);
  if (r.len < 1 || r.len > MAX_REF_WORDS)
    luaL_error(L, "cannot send a ref of %d words", (int)r.len);
  if (r.node == 0 && r.creation == 0) r.creation = vm_node_creation(vm_of(L));
  put_u8(L, e, T_NEWER_REF);
  put_u16(L, e, r.len);
  enc_node(L, e, r.node);
  put_u32v(L, e, r.creation);
  for (i = 0; i < r.len; i++) put_u32v(L, e, r.n[i]);
}

static void enc_list_items(lua_State *L, enc *e, int t, lua_Integer n) {
  lua_Integer i;
  put_u8(L, e, T_LIST);
  put_u32v(L, e, (uint32_t)n);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    enc_any(L, e, lua_gettop(L));
    lua_pop(L, 1);
  }
}

/* Erlang writes a list of small integers 0..255 as STRING_EXT; so do we,
** which keeps "abc" (a list) byte-identical through a round trip. */
static int all_bytes(lua_State *L, int t, lua_Integer n) {
  lua_Integer i;
  int ok = 1;
  if (n > 65535) return 0;
  for (i = 1; ok && i <= n; i++) {
    lua_rawgeti(L, t, i);
    ok = lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 0 &&
         lua_tointeger(L, -1) <= 255;
    lua_pop(L, 1);
  }
  return ok;
}

static void enc_table(lua_State *L, enc *e, int t) {
  size_t count;
  lua_Integer i, n;
  enter(L, e, t, CYCLE_TABLE);
  n = seq_len(L, t, &count);
  if (count > UINT32_MAX) luaL_error(L, "cannot send a table that large");
  if (count == 0) {
    put_u8(L, e, T_NIL);
  } else if (n > 0 && all_bytes(L, t, n)) {
    put_u8(L, e, T_STRING);
    put_u16(L, e, (unsigned)n);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, t, i);
      put_u8(L, e, (unsigned)lua_tointeger(L, -1));
      lua_pop(L, 1);
    }
  } else if (n > 0) {
    enc_list_items(L, e, t, n);
    put_u8(L, e, T_NIL);
  } else {
    put_u8(L, e, T_MAP);
    put_u32v(L, e, (uint32_t)count);
    lua_pushnil(L);
    while (lua_next(L, t)) {
      int v = lua_gettop(L);
      enc_any(L, e, v - 1);
      enc_any(L, e, v);
      lua_pop(L, 1);
    }
  }
  leave(L, e, t);
}

/* tuple('improper_list', {a, b}, tail): [a, b | tail]. */
static int enc_improper(lua_State *L, enc *e, int idx) {
  size_t count;
  lua_Integer n;
  int items;
  if (!tagged(L, idx, 3, A_IMPROPER)) return 0;
  vm_tuple_get(L, idx, 2);
  items = lua_gettop(L);
  if (!lua_istable(L, items) || (n = seq_len(L, items, &count)) == 0) {
    lua_pop(L, 1);
    return 0;
  }
  enter(L, e, idx, CYCLE_TUPLE);
  enter(L, e, items, CYCLE_TABLE);
  enc_list_items(L, e, items, n);
  leave(L, e, items);
  vm_tuple_get(L, idx, 3);
  enc_any(L, e, lua_gettop(L));
  leave(L, e, idx);
  lua_pop(L, 2);
  return 1;
}

/* tuple('bitstring', bytes, bits used in the last byte). */
static int enc_bitstring(lua_State *L, enc *e, int idx) {
  size_t n;
  const char *s;
  lua_Integer bits;
  if (!tagged(L, idx, 3, A_BITSTR)) return 0;
  vm_tuple_get(L, idx, 2);
  vm_tuple_get(L, idx, 3);
  s = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &n) : NULL;
  bits = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
  if (s == NULL || n == 0 || n > UINT32_MAX || bits < 1 || bits > 8) {
    lua_pop(L, 2);
    return 0;
  }
  put_u8(L, e, T_BIT_BINARY);
  put_u32v(L, e, (uint32_t)n);
  put_u8(L, e, (unsigned)bits);
  put(L, e, s, n);
  lua_pop(L, 2);
  return 1;
}

/* tuple('port', node_name, id, creation). */
static int enc_port(lua_State *L, enc *e, int idx) {
  lua_Integer id, creation;
  if (!tagged(L, idx, 4, A_PORT)) return 0;
  vm_tuple_get(L, idx, 2);
  vm_tuple_get(L, idx, 3);
  vm_tuple_get(L, idx, 4);
  if (lua_type(L, -3) != LUA_TSTRING || !lua_isinteger(L, -2) ||
      !lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
      lua_tointeger(L, -1) > (lua_Integer)UINT32_MAX) {
    lua_pop(L, 3);
    return 0;
  }
  id = lua_tointeger(L, -2);
  creation = lua_tointeger(L, -1);
  put_u8(L, e, id >= 0 && id <= (lua_Integer)UINT32_MAX ? T_NEW_PORT : T_V4_PORT);
  enc_atom_text(L, e, lua_tostring(L, -3), lua_rawlen(L, -3));
  if (id >= 0 && id <= (lua_Integer)UINT32_MAX) put_u32v(L, e, (uint32_t)id);
  else put_u64(L, e, (uint64_t)id);
  put_u32v(L, e, (uint32_t)creation);
  lua_pop(L, 3);
  return 1;
}

/* Bytes of the atom term at s[0, n), or 0 if there is none. */
static size_t atom_span(const unsigned char *s, size_t n) {
  size_t len;
  if (n < 2) return 0;
  switch (s[0]) {
    case T_SMALL_ATOM: case T_SMALL_ATOM_UTF8: len = 2 + (size_t)s[1]; break;
    case T_ATOM: case T_ATOM_UTF8:
      if (n < 3) return 0;
      len = 3 + get_u16(s + 1);
      break;
    default: return 0;
  }
  return len <= n ? len : 0;
}

/* Is s[0, n) one whole Erlang fun term, as the decoder carries it? */
static int is_erlang_fun(const unsigned char *s, size_t n) {
  size_t a, b;
  if (n >= 5 && s[0] == T_NEW_FUN) return get_u32(s + 1) == n - 1;
  if (n < 1 || s[0] != T_EXPORT) return 0;
  if ((a = atom_span(s + 1, n - 1)) == 0) return 0;
  if ((b = atom_span(s + 1 + a, n - 1 - a)) == 0) return 0;
  return n == 1 + a + b + 2 && s[1 + a + b] == T_SMALL_INT;
}

/* tuple('$erlang_fun', raw): the fun goes back as it came. */
static int enc_erlang_fun(lua_State *L, enc *e, int idx) {
  size_t n;
  const char *s;
  if (!tagged(L, idx, 2, A_ERLFUN)) return 0;
  vm_tuple_get(L, idx, 2);
  s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
  if (s == NULL || !is_erlang_fun((const unsigned char *)s, n)) {
    lua_pop(L, 1);
    return 0;
  }
  put(L, e, s, n);
  lua_pop(L, 1);
  return 1;
}

static void enc_tuple(lua_State *L, enc *e, int idx) {
  int i, n = vm_tuple_size(L, idx);
  if (enc_improper(L, e, idx) || enc_bitstring(L, e, idx) ||
      enc_port(L, e, idx) || enc_erlang_fun(L, e, idx))
    return;
  enter(L, e, idx, CYCLE_TUPLE);
  if (n <= 255) {
    put_u8(L, e, T_SMALL_TUPLE);
    put_u8(L, e, (unsigned)n);
  } else {
    put_u8(L, e, T_LARGE_TUPLE);
    put_u32v(L, e, (uint32_t)n);
  }
  for (i = 1; i <= n; i++) {
    vm_tuple_get(L, idx, i);
    enc_any(L, e, lua_gettop(L));
    lua_pop(L, 1);
  }
  leave(L, e, idx);
}

static int dump_writer(lua_State *L, const void *p, size_t n, void *ud) {
  enc *e = ud;
  (void)L;
  if (n > ETF_MAX_SIZE || e->b->len - e->start > ETF_MAX_SIZE - n) return 1;
  return dbuf_add(e->b, p, n) != 0;   /* nonzero stops lua_dump */
}

/* A module's function (string.upper, global.whereis_name, print) goes by
** name, as Erlang's fun M:F/A: the receiver runs its own. Its bytecode
** and upvalues would be a stale copy of the sender's state (global's name
** table), and a C function has no bytecode at all. _dist_fun_name(f)
** (dist/lua/node.lua) gives the module and function names, or nothing for
** a function of no module, which then travels by value. */
static int enc_named_function(lua_State *L, enc *e, int idx) {
  lua_Debug ar;
  size_t n;
  const char *s;
  if (lua_getfield(L, e->globals, "_dist_fun_name") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return 0;
  }
  lua_pushvalue(L, idx);
  lua_call(L, 1, 2);
  if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 2);
    return 0;
  }
  put_u8(L, e, T_EXPORT);
  s = lua_tolstring(L, -2, &n);
  enc_atom_text(L, e, s, n);
  s = lua_tolstring(L, -1, &n);
  enc_atom_text(L, e, s, n);
  lua_pop(L, 2);
  lua_pushvalue(L, idx);
  lua_getinfo(L, ">u", &ar);          /* pops the function */
  put_u8(L, e, T_SMALL_INT);
  put_u8(L, e, ar.nparams);
  return 1;
}

/* tuple('$lua_fun', bytecode, tuple(upvalues...)). The bytecode keeps its
** debug information, so that an error in a function run on another node
** still names the line. The global table travels as a marker and becomes
** the receiver's; a function that is its own upvalue (a local recursive
** function) as another. Other upvalues are copied by value. */
static void enc_function(lua_State *L, enc *e, int idx) {
  lua_Debug ar;
  size_t at;
  int i;
  if (enc_named_function(L, e, idx)) return;
  if (lua_iscfunction(L, idx))
    luaL_error(L, "cannot send a C function (a built-in such as print); "
               "send a Lua function that calls it");
  enter(L, e, idx, CYCLE_FUNCTION);
  put_u8(L, e, T_SMALL_TUPLE);
  put_u8(L, e, 3);
  enc_atom_text(L, e, A_LUAFUN, sizeof A_LUAFUN - 1);
  put_u8(L, e, T_BINARY);
  at = e->b->len;
  put_u32v(L, e, 0);                  /* the length, known after the dump */
  lua_pushvalue(L, idx);
  if (lua_dump(L, dump_writer, e, 0) != 0)
    luaL_error(L, "not enough memory to encode a function");
  lua_getinfo(L, ">u", &ar);          /* pops the function */
  put_u32(e->b->p + at, (uint32_t)(e->b->len - at - 4));
  put_u8(L, e, T_SMALL_TUPLE);
  put_u8(L, e, ar.nups);
  for (i = 1; i <= ar.nups; i++) {
    const char *name = lua_getupvalue(L, idx, i);
    int v = lua_gettop(L);
    if (lua_rawequal(L, v, e->globals))
      enc_atom_text(L, e, A_GLOBALS, sizeof A_GLOBALS - 1);
    else if (lua_rawequal(L, v, idx))
      enc_atom_text(L, e, A_SELF, sizeof A_SELF - 1);
    else if (lua_iscfunction(L, v) && !enc_named_function(L, e, v))
      luaL_error(L, "cannot send a function whose upvalue '%s' is a C "
                 "function; use the global inside the function instead",
                 name && *name ? name : "?");
    else if (!lua_iscfunction(L, v))
      enc_any(L, e, v);
    lua_pop(L, 1);
  }
  leave(L, e, idx);
}

static void enc_userdata(lua_State *L, enc *e, int idx) {
  const char *t = vm_typeof(L, idx);
  size_t n;
  const char *s;
  if (t == NULL)
    luaL_error(L, "cannot send a %s: only data (numbers, strings, tables, "
               "atoms, tuples, pids, refs, functions) can be sent",
               luaL_typename(L, idx));
  switch (t[0]) {
    case 'a':
      if (t[1] == 'n')
        luaL_error(L, "cannot send ANY: it is a pattern for receive, not a value");
      s = vm_atom_name(L, idx, &n);
      enc_atom_text(L, e, s, n);
      return;
    case 't': enc_tuple(L, e, idx); return;
    case 'p': enc_pid(L, e, idx); return;
    case 'r': enc_ref(L, e, idx); return;
    default:
      luaL_error(L, "cannot send the error value of exit(): it is not data");
  }
}

static void enc_any(lua_State *L, enc *e, int idx) {
  size_t n;
  const char *s;
  switch (lua_type(L, idx)) {
    case LUA_TNIL: enc_atom_text(L, e, "nil", 3); return;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, idx)) enc_atom_text(L, e, "true", 4);
      else enc_atom_text(L, e, "false", 5);
      return;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) enc_int(L, e, lua_tointeger(L, idx));
      else enc_float(L, e, lua_tonumber(L, idx));
      return;
    case LUA_TSTRING:
      s = lua_tolstring(L, idx, &n);
      enc_binary(L, e, s, n);
      return;
    case LUA_TTABLE: enc_table(L, e, idx); return;
    case LUA_TFUNCTION: enc_function(L, e, idx); return;
    case LUA_TUSERDATA: enc_userdata(L, e, idx); return;
    case LUA_TTHREAD:
      luaL_error(L, "cannot send a coroutine: it belongs to its process");
      return;
    default:
      luaL_error(L, "cannot send a %s", luaL_typename(L, idx));
  }
}

/* What a protected encode does: the value at 2, or (frame) a distribution
** frame's terms: a tuple of the values at 3.. and the message at 2 (none
** if it is the light userdata &no_message). */
typedef struct enc_call {
  enc *e;
  int version, frame, n;
} enc_call;

static char no_message;

static void enc_term(lua_State *L, enc *e, int version, int idx) {
  if (version) put_u8(L, e, ETF_VERSION);
  enc_any(L, e, idx);
}

/* Protected body of the encoders: 1 the enc_call, 2 the value, 3.. */
static int enc_main(lua_State *L) {
  enc_call *c = lua_touserdata(L, 1);
  enc *e = c->e;
  int i;
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  e->globals = lua_gettop(L);
  if (!c->frame) { enc_term(L, e, c->version, 2); return 0; }
  put_u8(L, e, ETF_VERSION);                 /* the control tuple */
  put_u8(L, e, T_SMALL_TUPLE);
  put_u8(L, e, (unsigned)c->n);
  for (i = 0; i < c->n; i++) enc_any(L, e, 3 + i);
  if (lua_touserdata(L, 2) != &no_message) enc_term(L, e, 1, 2);
  return 0;
}

static int encode(lua_State *L, enc_call *c, etf_buf *b, int nargs) {
  enc *e = c->e;
  memset(e, 0, offsetof(enc, path));
  e->b = b;
  e->start = b->len;                   /* what a failure cuts back to */
  lua_pushcfunction(L, enc_main);
  lua_insert(L, -nargs - 1);
  lua_pushlightuserdata(L, c);
  lua_insert(L, -nargs - 1);
  if (lua_pcall(L, nargs + 1, 0, 0) != LUA_OK) {
    b->len = e->start;
    return -1;
  }
  return 0;
}

int etf_encode(lua_State *L, int idx, etf_buf *b, int version) {
  enc e;
  enc_call c;
  c.e = &e;
  c.version = version;
  c.frame = 0;
  c.n = 0;
  lua_pushvalue(L, idx);
  return encode(L, &c, b, 1);
}

int etf_encode_frame(lua_State *L, int n, int msg, etf_buf *b) {
  enc e;
  enc_call c;
  if (n < 1 || n > 255) {
    lua_pop(L, n);
    lua_pushliteral(L, "a control message has 1 to 255 elements");
    return -1;
  }
  c.e = &e;
  c.version = 1;
  c.frame = 1;
  c.n = n;
  if (msg) lua_pushvalue(L, msg); else lua_pushlightuserdata(L, &no_message);
  lua_insert(L, -n - 1);
  return encode(L, &c, b, n + 1);
}


/* ================================================================ */
/* Decoding                                                          */
/* ================================================================ */

typedef struct dec {
  const unsigned char *p;
  size_t len, pos;
  int depth;
  char atom[MAX_ATOM_BYTES + 1];   /* the last atom's name, NUL-terminated */
} dec;

static void dec_any(lua_State *L, dec *d);

static _Noreturn void bad(lua_State *L, dec *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lua_pushliteral(L, "malformed term: ");
  lua_pushvfstring(L, fmt, ap);
  lua_pushfstring(L, " (at byte %I)", (lua_Integer)d->pos);
  va_end(ap);
  lua_concat(L, 3);
  lua_error(L);
  abort();      /* not reached; lua.h just does not say lua_error is noreturn */
}

/* Every read goes through here: n more bytes must be there. */
static const unsigned char *need(lua_State *L, dec *d, size_t n) {
  const unsigned char *p;
  if (n > d->len - d->pos) bad(L, d, "truncated, %I more bytes needed",
                               (lua_Integer)(n - (d->len - d->pos)));
  p = d->p + d->pos;
  d->pos += n;
  return p;
}

static unsigned rd_u8(lua_State *L, dec *d) { return *need(L, d, 1); }
static unsigned rd_u16(lua_State *L, dec *d) { return get_u16(need(L, d, 2)); }
static uint32_t rd_u32(lua_State *L, dec *d) { return get_u32(need(L, d, 4)); }
static uint64_t rd_u64(lua_State *L, dec *d) { return get_u64(need(L, d, 8)); }

/* A count of items that take at least 'each' bytes apiece: more of them
** than the bytes left is an error before anything is allocated. */
static size_t rd_count(lua_State *L, dec *d, uint32_t n, size_t each) {
  if (n > (d->len - d->pos) / each)
    bad(L, d, "%I items claimed, more than the bytes left", (lua_Integer)n);
  return n;
}

/* The atom at tag into d->atom, as UTF-8; returns its length. */
static size_t rd_atom_as(lua_State *L, dec *d, unsigned tag) {
  size_t n, i, o = 0;
  const unsigned char *s;
  switch (tag) {
    case T_SMALL_ATOM: case T_SMALL_ATOM_UTF8: n = rd_u8(L, d); break;
    case T_ATOM: case T_ATOM_UTF8: n = rd_u16(L, d); break;
    case T_CACHE_REF:
      bad(L, d, "atom cache reference outside a distribution header");
    default: bad(L, d, "an atom expected, tag %d found", (int)tag);
  }
  s = need(L, d, n);
  if (tag == T_ATOM || tag == T_SMALL_ATOM) {   /* latin-1 to UTF-8 */
    if (n > MAX_ATOM_CHARS) bad(L, d, "atom longer than 255 characters");
    for (i = 0; i < n; i++) {
      if (s[i] < 0x80) { d->atom[o++] = (char)s[i]; continue; }
      d->atom[o++] = (char)(0xc0 | (s[i] >> 6));
      d->atom[o++] = (char)(0x80 | (s[i] & 0x3f));
    }
  } else {
    long chars = n > MAX_ATOM_BYTES ? -2 : utf8_chars(s, n);
    if (chars == -1) bad(L, d, "atom name is not UTF-8");
    if (chars == -2 || chars > MAX_ATOM_CHARS)
      bad(L, d, "atom longer than 255 characters");
    memcpy(d->atom, s, n);
    o = n;
  }
  d->atom[o] = '\0';
  return o;
}

static size_t rd_atom(lua_State *L, dec *d) {
  return rd_atom_as(L, d, rd_u8(L, d));
}

/* A node name (of a pid, ref or port), NUL-terminated in d->atom. */
static const char *rd_node(lua_State *L, dec *d) {
  size_t n = rd_atom(L, d);
  if (strlen(d->atom) != n) bad(L, d, "node name holds a NUL byte");
  return d->atom;
}

static void dec_big(lua_State *L, dec *d, size_t n) {
  unsigned sign = rd_u8(L, d);
  const unsigned char *g = need(L, d, rd_count(L, d, (uint32_t)n, 1));
  uint64_t mag = 0;
  double f = 0;
  size_t i;
  if (sign > 1) bad(L, d, "bignum sign %d", (int)sign);
  while (n > 0 && g[n - 1] == 0) n--;   /* leading zeros say nothing */
  if (n <= 8) {
    for (i = n; i-- > 0; ) mag = (mag << 8) | g[i];
    if (!sign && mag <= (uint64_t)LUA_MAXINTEGER) {
      lua_pushinteger(L, (lua_Integer)mag);
      return;
    }
    if (sign && mag <= (uint64_t)LUA_MAXINTEGER + 1) {
      lua_pushinteger(L, (lua_Integer)(0 - mag));   /* wraps to MININTEGER */
      return;
    }
  }
  /* Beyond 64 bits: the documented fallback, the nearest float. */
  for (i = n; i-- > 0; ) f = f * 256 + g[i];
  lua_pushnumber(L, (lua_Number)(sign ? -f : f));
}

static void dec_old_float(lua_State *L, dec *d) {
  char s[32], *end;
  double f;
  memcpy(s, need(L, d, 31), 31);
  s[31] = '\0';
  f = strtod(s, &end);
  if (end == s) bad(L, d, "unreadable FLOAT_EXT");
  lua_pushnumber(L, (lua_Number)f);
}

static void dec_new_float(lua_State *L, dec *d) {
  uint64_t bits = rd_u64(L, d);
  double f;
  memcpy(&f, &bits, sizeof f);
  lua_pushnumber(L, (lua_Number)f);
}

/* Pushes tuple(atom tag, the n values on top). */
static void push_tagged(lua_State *L, const char *tag, int n) {
  vm_push_atom(L, tag, strlen(tag));
  lua_insert(L, -n - 1);
  vm_push_tuple(L, n + 1);
}

static void dec_pid(lua_State *L, dec *d, unsigned tag) {
  const char *name = rd_node(L, d);
  uint32_t node = vm_node_index(L, name);
  uint32_t id = rd_u32(L, d), serial = rd_u32(L, d);
  uint32_t creation = tag == T_NEW_PID ? rd_u32(L, d) : rd_u8(L, d);
  if (node == 0) vm_push_local_pid(L, id, serial);   /* ours, live or dead */
  else vm_push_remote_pid(L, node, id, serial, creation);
}

static void dec_ref(lua_State *L, dec *d, unsigned tag) {
  vm_refnum r;
  uint32_t i;
  memset(&r, 0, sizeof r);
  r.len = tag == T_REF ? 1 : rd_u16(L, d);
  if (r.len < 1 || r.len > MAX_REF_WORDS)
    bad(L, d, "reference of %d words", (int)r.len);
  r.node = vm_node_index(L, rd_node(L, d));
  if (tag == T_REF) {
    r.n[0] = rd_u32(L, d);
    r.creation = rd_u8(L, d);
    vm_push_ref(L, &r);
    return;
  }
  r.creation = tag == T_NEWER_REF ? rd_u32(L, d) : rd_u8(L, d);
  for (i = 0; i < r.len; i++) r.n[i] = rd_u32(L, d);
  vm_push_ref(L, &r);
}

static void dec_port(lua_State *L, dec *d, unsigned tag) {
  lua_pushstring(L, rd_node(L, d));
  if (tag == T_V4_PORT) lua_pushinteger(L, (lua_Integer)rd_u64(L, d));
  else lua_pushinteger(L, (lua_Integer)rd_u32(L, d));
  lua_pushinteger(L, tag == T_PORT ? rd_u8(L, d) : rd_u32(L, d));
  push_tagged(L, A_PORT, 3);
}

static const char *bc_reader(lua_State *L, void *ud, size_t *size) {
  const char **s = ud;
  (void)L;
  if (s[0] == NULL) return NULL;
  *size = (size_t)(s[1] - s[0]);
  s[0] = NULL;
  return s[1] - *size;
}

/* Lua's undump allocates each vector at the size the bytecode claims
** before reading it, so a few bytes could ask for gigabytes. While it
** loads, no single block may exceed what the bytecode could fill: every
** element of every vector takes at least one byte of it, and none is
** larger than this many bytes in memory. */
#define UNDUMP_GROWTH 32

typedef struct capped { lua_Alloc f; void *ud; size_t limit; } capped;

static void *capped_alloc(void *ud, void *p, size_t osize, size_t nsize) {
  capped *c = ud;
  if (nsize > c->limit && nsize > (p ? osize : 0)) return NULL;
  return c->f(c->ud, p, osize, nsize);
}

static int load_bytecode(lua_State *L, const char *code, size_t n) {
  const char *range[2];
  capped c;
  int status;
  range[0] = code;
  range[1] = code + n;
  c.f = lua_getallocf(L, &c.ud);
  c.limit = n * UNDUMP_GROWTH + 4096;
  lua_setallocf(L, capped_alloc, &c);
  status = lua_load(L, bc_reader, (void *)range, "=sent function", "b");
  lua_setallocf(L, c.f, c.ud);
  return status;
}

/* The tuple on top, if it is tuple('$lua_fun', bytecode, tuple(upvalues)),
** becomes the function it describes. */
static void make_function(lua_State *L, dec *d) {
  int t = lua_gettop(L), f, ups, i;
  lua_Debug ar;
  size_t n;
  const char *code;
  if (!tagged(L, t, 3, A_LUAFUN)) return;
  vm_tuple_get(L, t, 2);
  vm_tuple_get(L, t, 3);
  ups = lua_gettop(L);
  if (lua_type(L, ups - 1) != LUA_TSTRING || vm_tuple_size(L, ups) < 0) {
    lua_settop(L, t);          /* some other tuple: leave it be */
    return;
  }
  code = lua_tolstring(L, ups - 1, &n);
  if (load_bytecode(L, code, n) != LUA_OK)
    bad(L, d, "cannot load a function another node sent: %s",
        lua_tostring(L, -1));
  f = lua_gettop(L);
  lua_pushvalue(L, f);
  lua_getinfo(L, ">u", &ar);
  if (vm_tuple_size(L, ups) != ar.nups)
    bad(L, d, "a function with %d upvalues sent with %d", (int)ar.nups,
        vm_tuple_size(L, ups));
  for (i = 1; i <= ar.nups; i++) {
    vm_tuple_get(L, ups, i);
    if (is_atom(L, -1, A_GLOBALS)) {
      lua_pop(L, 1);
      lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    } else if (is_atom(L, -1, A_SELF)) {
      lua_pop(L, 1);
      lua_pushvalue(L, f);
    }
    lua_setupvalue(L, f, i);
  }
  lua_replace(L, t);
  lua_settop(L, t);
}

static void dec_tuple(lua_State *L, dec *d, uint32_t arity) {
  size_t i, n = rd_count(L, d, arity, 1);
  if (n > 1000000) bad(L, d, "tuple of %I elements", (lua_Integer)n);
  luaL_checkstack(L, (int)n + 8, "tuple too large to decode");
  for (i = 0; i < n; i++) dec_any(L, d);
  vm_push_tuple(L, (int)n);
  make_function(L, d);
}

/* [a, b | tail]: a sequence when tail is [] (NIL_EXT), otherwise
** tuple('improper_list', {a, b}, tail). */
static void dec_list(lua_State *L, dec *d) {
  size_t i, n = rd_count(L, d, rd_u32(L, d), 1);
  int t;
  lua_createtable(L, n < MAX_PREALLOC ? (int)n : MAX_PREALLOC, 0);
  t = lua_gettop(L);
  for (i = 1; i <= n; i++) {
    dec_any(L, d);
    lua_rawseti(L, t, (lua_Integer)i);   /* nil leaves a hole: Lua's way */
  }
  if (*need(L, d, 1) == T_NIL) return;
  d->pos--;
  dec_any(L, d);
  if (n == 0) { lua_remove(L, t); return; }   /* [ | T] is T */
  push_tagged(L, A_IMPROPER, 2);
}

static void dec_string(lua_State *L, dec *d) {
  size_t i, n = rd_u16(L, d);
  const unsigned char *s = need(L, d, n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, s[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void dec_map(lua_State *L, dec *d) {
  size_t i, n = rd_count(L, d, rd_u32(L, d), 2);
  int t;
  lua_createtable(L, 0, n < MAX_PREALLOC ? (int)n : MAX_PREALLOC);
  t = lua_gettop(L);
  for (i = 0; i < n; i++) {
    dec_any(L, d);
    if (lua_isnil(L, -1))
      bad(L, d, "a map with the key nil has no Lua form");
    if (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1))
      bad(L, d, "a map with the key NaN has no Lua form");
    dec_any(L, d);
    lua_rawset(L, t);
  }
}

static void dec_bits(lua_State *L, dec *d) {
  size_t n = rd_u32(L, d);
  unsigned bits = rd_u8(L, d);
  const unsigned char *s = need(L, d, n);
  if (n == 0 || bits < 1 || bits > 8)
    bad(L, d, "bit binary of %I bytes with %d bits in the last",
        (lua_Integer)n, (int)bits);
  lua_pushlstring(L, (const char *)s, n);
  lua_pushinteger(L, bits);
  push_tagged(L, A_BITSTR, 2);
}

/* Erlang funs travel as their raw bytes, tag included. */
static void dec_new_fun(lua_State *L, dec *d) {
  size_t start = d->pos - 1;
  uint32_t size = rd_u32(L, d);
  if (size < 4 + 1 + 16 + 4 + 4) bad(L, d, "fun of %d bytes", (int)size);
  need(L, d, size - 4);
  lua_pushlstring(L, (const char *)d->p + start, 1 + (size_t)size);
  push_tagged(L, A_ERLFUN, 1);
}

/* fun M:F/A: the function this node has under that name
** (_dist_fun_by_name, dist/lua/node.lua), as a module's function sent by
** name comes back; else, an Erlang fun, kept as its raw bytes. */
static void dec_export(lua_State *L, dec *d) {
  size_t start = d->pos - 1, n;
  luaL_checkstack(L, 6, "no room to decode a fun");
  n = rd_atom(L, d);                              /* module */
  lua_pushlstring(L, d->atom, n);
  n = rd_atom(L, d);                              /* function */
  lua_pushlstring(L, d->atom, n);
  if (rd_u8(L, d) != T_SMALL_INT) bad(L, d, "export fun arity not small");
  rd_u8(L, d);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  if (lua_getfield(L, -1, "_dist_fun_by_name") == LUA_TFUNCTION) {
    lua_rotate(L, -4, 2);                         /* g, lookup, mod, fun */
    lua_call(L, 2, 1);
    lua_remove(L, -2);
    if (lua_isfunction(L, -1)) return;
    lua_pop(L, 1);
  } else {
    lua_pop(L, 4);
  }
  lua_pushlstring(L, (const char *)d->p + start, d->pos - start);
  push_tagged(L, A_ERLFUN, 1);
}

/* term_to_binary(T, [compressed]): the size of T, then zlib data. The
** stated size is checked against what deflate could possibly expand the
** remaining bytes to before the buffer is made. */
static void dec_compressed(lua_State *L, dec *d) {
  uint32_t size = rd_u32(L, d);
  size_t left = d->len - d->pos;
  unsigned char *out;
  z_stream z;
  int rc;
  dec sub;
  if (size == 0 || size > ETF_MAX_SIZE || size / DEFLATE_RATIO > left)
    bad(L, d, "compressed term claims %I bytes", (lua_Integer)size);
  out = lua_newuserdatauv(L, size, 0);
  memset(&z, 0, sizeof z);
  if (inflateInit(&z) != Z_OK) bad(L, d, "zlib cannot start");
  z.next_in = (unsigned char *)(uintptr_t)(d->p + d->pos);  /* zlib only reads */
  z.avail_in = left > UINT_MAX ? UINT_MAX : (unsigned)left;
  z.next_out = out;
  z.avail_out = size;
  rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END || z.total_out != size)
    bad(L, d, "compressed term does not inflate to its stated size");
  memset(&sub, 0, sizeof sub);
  sub.p = out;
  sub.len = size;
  sub.depth = d->depth;
  dec_any(L, &sub);
  if (sub.pos != size) bad(L, d, "compressed term has bytes after its end");
  lua_remove(L, -2);
  d->pos += z.total_in;
}

static void dec_tag(lua_State *L, dec *d, unsigned tag) {
  switch (tag) {
    case T_SMALL_INT: lua_pushinteger(L, rd_u8(L, d)); return;
    case T_INT: lua_pushinteger(L, (int32_t)rd_u32(L, d)); return;
    case T_SMALL_BIG: dec_big(L, d, rd_u8(L, d)); return;
    case T_LARGE_BIG: dec_big(L, d, rd_u32(L, d)); return;
    case T_NEW_FLOAT: dec_new_float(L, d); return;
    case T_FLOAT: dec_old_float(L, d); return;
    case T_ATOM: case T_SMALL_ATOM: case T_ATOM_UTF8: case T_SMALL_ATOM_UTF8:
    case T_CACHE_REF: {
      size_t n = rd_atom_as(L, d, tag);
      vm_push_atom(L, d->atom, n);
      return;
    }
    case T_SMALL_TUPLE: dec_tuple(L, d, rd_u8(L, d)); return;
    case T_LARGE_TUPLE: dec_tuple(L, d, rd_u32(L, d)); return;
    case T_NIL: lua_newtable(L); return;
    case T_STRING: dec_string(L, d); return;
    case T_LIST: dec_list(L, d); return;
    case T_MAP: dec_map(L, d); return;
    case T_BINARY: {
      size_t n = rd_u32(L, d);
      lua_pushlstring(L, (const char *)need(L, d, n), n);
      return;
    }
    case T_BIT_BINARY: dec_bits(L, d); return;
    case T_NEW_PID: case T_PID: dec_pid(L, d, tag); return;
    case T_NEWER_REF: case T_NEW_REF: case T_REF: dec_ref(L, d, tag); return;
    case T_NEW_PORT: case T_V4_PORT: case T_PORT: dec_port(L, d, tag); return;
    case T_NEW_FUN: dec_new_fun(L, d); return;
    case T_EXPORT: dec_export(L, d); return;
    case T_COMPRESSED: bad(L, d, "compressed term inside a term");
    case T_LOCAL: bad(L, d, "LOCAL_EXT means something only to its own node");
    default: bad(L, d, "unknown tag %d", (int)tag);
  }
}

static void dec_any(lua_State *L, dec *d) {
  if (++d->depth > ETF_MAX_DEPTH)
    bad(L, d, "term nested too deep (more than %d levels)", ETF_MAX_DEPTH);
  luaL_checkstack(L, 8, "term nested too deep");
  dec_tag(L, d, rd_u8(L, d));
  d->depth--;
}

typedef struct decode_call {
  const unsigned char *p;
  size_t len, pos;
  int version;
} decode_call;

/* Protected body of etf_decode(_term): 1 the decode_call. */
static void dec_run(lua_State *L, decode_call *c, dec *d) {
  memset(d, 0, offsetof(dec, atom));
  d->p = c->p;
  d->len = c->len;
  d->pos = c->pos;
  if (c->version) {
    if (rd_u8(L, d) != ETF_VERSION)
      bad(L, d, "it does not start with the version byte 131");
    if (d->pos < d->len && d->p[d->pos] == T_COMPRESSED) {
      d->pos++;
      dec_compressed(L, d);
      c->pos = d->pos;
      return;
    }
  }
  dec_any(L, d);
  c->pos = d->pos;
}

static int dec_main(lua_State *L) {
  decode_call *c = lua_touserdata(L, 1);
  dec_run(L, c, lua_newuserdatauv(L, sizeof(dec), 0));
  return 1;
}

/* For callers already in a protected call (dist/control.c decodes each
** frame inside one): no second one, and the decoder's state on the C
** stack. Raises on malformed input. */
void etf_decode_in(lua_State *L, const unsigned char *data, size_t len,
                   size_t *pos) {
  decode_call c;
  dec d;
  c.p = data;
  c.len = len;
  c.pos = *pos;
  c.version = 1;
  if (*pos > len) luaL_error(L, "malformed term: position past the end of the data");
  dec_run(L, &c, &d);
  *pos = c.pos;
}

static int decode(lua_State *L, const unsigned char *data, size_t len,
                  size_t *pos, int version) {
  decode_call c;
  c.p = data;
  c.len = len;
  c.pos = *pos;
  c.version = version;
  if (*pos > len) {
    lua_pushliteral(L, "malformed term: position past the end of the data");
    return -1;
  }
  lua_pushcfunction(L, dec_main);
  lua_pushlightuserdata(L, &c);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) return -1;
  *pos = c.pos;
  return 0;
}

int etf_decode(lua_State *L, const unsigned char *data, size_t len,
               size_t *pos) {
  return decode(L, data, len, pos, 1);
}

int etf_decode_term(lua_State *L, const unsigned char *data, size_t len,
                    size_t *pos) {
  return decode(L, data, len, pos, 0);
}

/*
** Unit tests of the external term format codec (dist/etf.h).
**
** - Fixtures: tests/fixtures/etf/NAME.bin are term_to_binary outputs of a
**   real erl (tests/fixtures/make_etf.sh). Each decodes to the Lua value
**   the mapping says, and re-encodes to the same bytes, except where the
**   table below says why not (maps are written in Erlang's key order, which
**   Lua tables do not keep; big integers past 64 bits become floats; the
**   old float and latin-1 atom forms are written in their new forms;
**   compression is not redone).
** - Round trips of every kind of Lua value our nodes send, closures too.
** - Malformed input: every prefix of every fixture fails cleanly, random
**   byte flips never crash, absurd lengths fail before allocating.
** The vm here is named test@localhost, so the fixtures' pids are remote.
*/
#include <stdio.h>
#include <string.h>
#include "vmfix.h"
#include "etf.h"

typedef vmfix fixture;

/* ---- Lua helpers: enc(v), dec(s), rt(v) ---- */

static int l_enc(lua_State *L) {
  etf_buf b = {0};
  lua_settop(L, 1);
  if (etf_encode(L, 1, &b, 1) != 0) {
    dbuf_free(&b);            /* it may have grown before the failure */
    lua_pushnil(L); lua_insert(L, -2); return 2;
  }
  lua_pushlstring(L, (const char *)b.p, b.len);
  dbuf_free(&b);
  return 1;
}

static int l_dec(lua_State *L) {
  size_t n, pos = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  if (etf_decode(L, (const unsigned char *)s, n, &pos) != 0) {
    lua_pushnil(L); lua_insert(L, -2); return 2;
  }
  if (pos != n) return luaL_error(L, "dec: %d bytes left over", (int)(n - pos));
  return 1;
}

static int l_rt(lua_State *L) {
  lua_settop(L, 1);
  lua_pushcfunction(L, l_enc);
  lua_pushvalue(L, 1);
  lua_call(L, 1, 2);
  if (lua_isnil(L, -2)) return 2;
  lua_pop(L, 1);
  lua_pushcfunction(L, l_dec);
  lua_insert(L, -2);
  lua_call(L, 1, 2);
  return 2;
}

/* deq(a, b): structural equality through tables and tuples. */
static const char *lua_helpers =
  "function deq(a, b)\n"
  "  if typeof(a) == 'tuple' and typeof(b) == 'tuple' then\n"
  "    if #a ~= #b then return false end\n"
  "    for i = 1, #a do if not deq(a[i], b[i]) then return false end end\n"
  "    return true\n"
  "  end\n"
  "  if type(a) ~= 'table' or type(b) ~= 'table' then\n"
  "    return a == b and math.type(a) == math.type(b)\n"
  "  end\n"
  "  for k, v in pairs(a) do if not deq(v, b[k]) then return false end end\n"
  "  for k in pairs(b) do if a[k] == nil then return false end end\n"
  "  return true\n"
  "end\n";

static int setup(void **state) {
  fixture *f = vmfix_new();
  vm_set_node_name(f->v, "test@localhost", 7);
  lua_register(f->L, "enc", l_enc);
  lua_register(f->L, "dec", l_dec);
  lua_register(f->L, "rt", l_rt);
  assert_int_equal(luaL_dostring(f->L, lua_helpers), LUA_OK);
  *state = f;
  return 0;
}


/* Runs Lua code that returns true, or fails the test with what it returned. */
static void check(lua_State *L, const char *what, const char *code) {
  int top = lua_gettop(L);
  if (luaL_dostring(L, code) != LUA_OK)
    fail_msg("%s: %s", what, lua_tostring(L, -1));
  if (!lua_toboolean(L, top + 1))
    fail_msg("%s: got %s (%s)", what, luaL_tolstring(L, top + 1, NULL),
             lua_gettop(L) > top + 1 ? luaL_tolstring(L, top + 2, NULL) : "");
  lua_settop(L, top);
}

/* Runs code as a process (so that self() works) and checks 'result'. */
static void check_in_process(fixture *f, const char *what, const char *code) {
  assert_int_equal(luaL_loadstring(f->L, code), LUA_OK);
  vm_spawn(f->v, f->L, 0);
  lua_pop(f->L, 1);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  check(f->L, what, "return result == true, result");
}

/* ---- Fixtures ---- */

static const char *fixture_dir(void) {
  const char *d = getenv("ETF_FIXTURES");
  return d ? d : "tests/fixtures/etf";
}

static unsigned char *slurp(const char *name, size_t *len) {
  char path[512];
  FILE *fp;
  unsigned char *p;
  long n;
  snprintf(path, sizeof path, "%s/%s.bin", fixture_dir(), name);
  fp = fopen(path, "rb");
  if (fp == NULL) fail_msg("cannot open fixture %s (run from the repository root)", path);
  fseek(fp, 0, SEEK_END);
  n = ftell(fp);
  rewind(fp);
  p = malloc((size_t)n + 1);
  assert_non_null(p);
  assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
  fclose(fp);
  *len = (size_t)n;
  return p;
}

/* Does the re-encoding give Erlang's bytes? UNSENDABLE: the value (inf)
** has no term, so it cannot be sent back at all. */
enum { SAME, DIFFERS, UNSENDABLE };

typedef struct { const char *name; int same; const char *check; } case_t;

#define INT(x) "return math.type(v) == 'integer' and v == " x
static const case_t cases[] = {
  {"int_zero", SAME, INT("0")}, {"int_small", SAME, INT("42")},
  {"int_255", SAME, INT("255")}, {"int_256", SAME, INT("256")},
  {"int_neg", SAME, INT("-1")}, {"int_i32_max", SAME, INT("2147483647")},
  {"int_i32_min", SAME, INT("-2147483648")},
  {"int_i32_over", SAME, INT("2147483648")},
  {"int_i32_under", SAME, INT("-2147483649")},
  {"int_i64_max", SAME, INT("math.maxinteger")},
  {"int_i64_min", SAME, INT("math.mininteger")},
  /* past 64 bits: the nearest float, which encodes as a float */
  {"int_2_64", DIFFERS, "return math.type(v) == 'float' and v == 2^64"},
  {"int_big_neg", DIFFERS, "return v == -(2^100)"},
  {"int_2_1000", DIFFERS, "return v == 2^1000"},
  {"int_2_2100", UNSENDABLE, "return v == math.huge"},   /* past doubles */
  {"float_pi", SAME, "return v == 3.14159"},
  {"float_tiny", SAME, "return v == -2.5e-300"},
  {"float_one", SAME, "return math.type(v) == 'float' and v == 1"},
  {"float_old", DIFFERS, "return v == 1.5"},          /* FLOAT_EXT in, NEW_FLOAT out */
  {"atom_ascii", SAME, "return v == atom.hello"},
  {"atom_utf8", SAME, "return v == atom'h\xc3\xa9llo_\xce\xbb'"},
  {"atom_255", SAME, "return v == atom(string.rep('a', 255))"},
  /* atom() itself takes at most 255 bytes; Erlang allows 255 characters */
  {"atom_255_utf8", SAME, "return typeof(v) == 'atom' and\n"
   "  tostring(v):find(string.rep('\xce\xbb', 255), 1, true) ~= nil"},
  {"atom_latin1", DIFFERS, "return v == atom'h\xc3\xa9llo'"},   /* out as UTF-8 */
  {"atom_long_latin1", DIFFERS, "return typeof(v) == 'atom' and\n"
   "  tostring(v):find(string.rep('\xc3\xa9', 255), 1, true) ~= nil"},
  {"atom_true", SAME, "return v == true"},
  {"atom_false", SAME, "return v == false"},
  {"atom_nil", SAME, "return v == nil"},
  {"atom_undefined", SAME, "return v == atom.undefined"},
  {"bin_empty", SAME, "return v == ''"},
  {"bin_hello", SAME, "return v == 'hello'"},
  {"bin_bytes", SAME, "return v == '\\0\\1\\255'"},
  {"bin_large", SAME, "return v == string.rep('x', 70000)"},
  {"bits_3", SAME, "return deq(v, tuple(atom.bitstring, '\\xa0', 3))"},
  {"bits_13", SAME, "return deq(v, tuple(atom.bitstring, '\\xff\\x28', 5))"},
  {"string_abc", SAME, "return deq(v, {97, 98, 99})"},
  {"string_long", SAME, "return #v == 70000 and v[1] == 97 and v[70000] == 97"},
  {"list_proper", SAME, "return deq(v, {1, atom.two, 'three'})"},
  {"list_improper", SAME, "return deq(v, tuple(atom.improper_list, {1, 2}, 3))"},
  {"list_improper_one", SAME,
   "return deq(v, tuple(atom.improper_list, {atom.a}, atom.b))"},
  {"list_empty", SAME, "return type(v) == 'table' and next(v) == nil"},
  {"list_nested", SAME, "return deq(v, {{1, {2}}, {}})"},
  {"list_wide", SAME, "return deq(v, {1000, 2000})"},
  {"tuple_empty", SAME, "return typeof(v) == 'tuple' and #v == 0"},
  {"tuple_small", SAME, "return v == tuple(atom.ok, 1)"},
  {"tuple_large", SAME, "return #v == 300 and v[1] == 1 and v[300] == 300"},
  /* #{} is {} in Lua, which goes back as [] */
  {"map_empty", DIFFERS, "return type(v) == 'table' and next(v) == nil"},
  /* Erlang orders map keys (by term order, or by hash past 32 keys) */
  {"map_small", DIFFERS, "return deq(v, {[atom.a] = 1, b = {2}})"},
  {"map_large", DIFFERS,
   "for i = 1, 40 do if v[i] ~= i * i then return false end end\n"
   "local n = 0; for _ in pairs(v) do n = n + 1 end; return n == 40"},
  {"nested", SAME,
   "return deq(v, tuple(atom.ok, {{[atom.k] = tuple(1, {'x'})}}, -5, 2.5))"},
  {"pid", SAME,
   "return typeof(v) == 'pid' and node_of(v) == 'etf@127.0.0.1'"},
  {"ref", SAME, "return typeof(v) == 'ref'"},
  {"port", SAME,
   "return #v == 4 and v[1] == atom.port and v[2] == 'etf@127.0.0.1' and\n"
   "  math.type(v[3]) == 'integer' and math.type(v[4]) == 'integer'"},
  {"gen_call", SAME,
   "return v[1] == atom['$gen_call'] and typeof(v[2][1]) == 'pid' and\n"
   "  typeof(v[2][2]) == 'ref' and v[3] == tuple(atom.is_auth, atom['etf@127.0.0.1'])"},
  {"fun_export", SAME,
   "return #v == 2 and v[1] == atom['$erlang_fun'] and v[2]:byte(1) == 113"},
  {"fun_local", SAME,
   "return #v == 2 and v[1] == atom['$erlang_fun'] and v[2]:byte(1) == 112"},
  {"compressed", DIFFERS,                               /* not recompressed */
   "return #v == 1000 and v[1] == tuple(atom.hello, 'world', 42) and\n"
   "  v[1000] == tuple(atom.hello, 'world', 42)"},
};
#define NCASES (sizeof cases / sizeof cases[0])

static void fixtures_decode(void **state) {
  fixture *f = *state;
  lua_State *L = f->L;
  size_t i;
  for (i = 0; i < NCASES; i++) {
    size_t len, pos = 0;
    unsigned char *data = slurp(cases[i].name, &len);
    etf_buf b = {0};
    if (etf_decode(L, data, len, &pos) != 0)
      fail_msg("%s: %s", cases[i].name, lua_tostring(L, -1));
    assert_int_equal(pos, len);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "v");
    check(L, cases[i].name, cases[i].check);
    if (cases[i].same == UNSENDABLE) {
      assert_int_equal(etf_encode(L, -1, &b, 1), -1);
      lua_pop(L, 2);
      dbuf_free(&b);
      free(data);
      continue;
    }
    if (etf_encode(L, -1, &b, 1) != 0)
      fail_msg("%s: re-encode: %s", cases[i].name, lua_tostring(L, -1));
    if (cases[i].same == SAME &&
        (b.len != len || memcmp(b.p, data, len) != 0))
      fail_msg("%s: re-encoding is not Erlang's bytes (%d vs %d bytes)",
               cases[i].name, (int)b.len, (int)len);
    /* whatever the bytes, they decode to the same value */
    pos = 0;
    if (etf_decode(L, b.p, b.len, &pos) != 0)
      fail_msg("%s: decode of re-encoding: %s", cases[i].name, lua_tostring(L, -1));
    lua_setglobal(L, "w");
    check(L, cases[i].name, "return deq(v, w)");
    lua_pop(L, 1);
    dbuf_free(&b);
    free(data);
  }
  assert_int_equal(lua_gettop(L), 0);
}

/* ---- Round trips of our own values ---- */

static void round_trip_scalars(void **state) {
  fixture *f = *state;
  check(f->L, "integers",
        "for _, i in ipairs{0, 1, 255, 256, -1, -256, 2147483648, -2147483648,\n"
        "    2147483647, -2147483649, 1 << 32, 1 << 40, -(1 << 40), math.maxinteger,\n"
        "    math.mininteger, math.mininteger + 1} do\n"
        "  local r = rt(i)\n"
        "  if r ~= i or math.type(r) ~= 'integer' then return false, i end\n"
        "end\n"
        "return true");
  check(f->L, "floats",
        "for _, x in ipairs{0.0, -0.0, 0.5, 1.0, -1e300, 1e-310, math.pi} do\n"
        "  local r = rt(x)\n"
        "  if r ~= x or math.type(r) ~= 'float' then return false, x end\n"
        "end\n"
        "return 1 / rt(-0.0) < 0");
  check(f->L, "strings",
        "return rt('') == '' and rt('a\\0b') == 'a\\0b' and\n"
        "  rt(string.rep('\\255', 1000)) == string.rep('\\255', 1000)");
  check(f->L, "booleans and nil",
        "local a, b, c = rt(true), rt(false), rt(nil)\n"
        "return a == true and b == false and c == nil and\n"
        "  enc(nil) == '\\131\\119\\3nil'");
  check(f->L, "atoms",
        "return rt(atom.ok) == atom.ok and rt(atom'h\xc3\xa9') == atom'h\xc3\xa9'"
        " and rt(atom'') == atom''");
}

static void round_trip_structures(void **state) {
  fixture *f = *state;
  check(f->L, "tuples",
        "local t = tuple(1, tuple(), tuple(atom.a, 'b', {1, 2}), nil, 2.5)\n"
        "local r = rt(t)\n"
        "return deq(r, t) and r[4] == nil and #r == 5");
  check(f->L, "large tuple",
        "local t = {}; for i = 1, 70000 do t[i] = i end\n"
        "local r = rt(tuple(table.unpack(t, 1, 300)))\n"
        "return #r == 300 and r[300] == 300");
  check(f->L, "lists",
        "local l = {1, 'two', {3}, tuple(4), {}, 300, -1}\n"
        "return deq(rt(l), l) and deq(rt({1, 2, 3}), {1, 2, 3})");
  check(f->L, "byte lists are strings, and come back",
        "return enc({104, 105}) == '\\131\\107\\0\\2hi' and deq(rt({104, 105}), {104, 105})");
  check(f->L, "maps",
        "local m = {a = 1, [2.5] = 'x', [atom.k] = {1, 2}, [5] = true, [-1] = {b = {}}}\n"
        "return deq(rt(m), m)");
  check(f->L, "sparse tables are maps",
        "local m = {[1] = 'a', [3] = 'c'}\n"
        "return deq(rt(m), m) and enc(m):byte(2) == 116");
  check(f->L, "empty table",
        "return enc({}) == '\\131\\106' and next(rt({})) == nil");
  check(f->L, "shared (not cyclic) tables are copied",
        "local s = {1}; local t = {s, s}\n"
        "local r = rt(t)\n"
        "return deq(r, t) and r[1] ~= r[2]");
  check(f->L, "messages are copies",
        "local t = {1, {2}}; local r = rt(t); t[2][1] = 99; return r[2][1] == 2");
  check(f->L, "deep nesting within the limit",
        "local t = {}; for i = 1, 900 do t = {t} end\n"
        "local r = rt(t); for i = 1, 900 do r = r[1] end\n"
        "return type(r) == 'table' and next(r) == nil");
}

static void round_trip_shapes(void **state) {
  fixture *f = *state;
  check(f->L, "improper list",
        "local t = tuple(atom.improper_list, {1, 2}, 3)\n"
        "return enc(t) == '\\131\\108\\0\\0\\0\\2\\97\\1\\97\\2\\97\\3' and deq(rt(t), t)");
  check(f->L, "bitstring",
        "local t = tuple(atom.bitstring, '\\255\\128', 1)\n"
        "return enc(t):byte(2) == 77 and deq(rt(t), t)");
  check(f->L, "ports, 32 and 64 bit ids",
        "local a = tuple(atom.port, 'x@y', 7, 3)\n"
        "local b = tuple(atom.port, 'x@y', 1 << 40, 3)\n"
        "return enc(a):byte(2) == 89 and enc(b):byte(2) == 120 and\n"
        "  deq(rt(a), a) and deq(rt(b), b)");
  check(f->L, "shapes that do not fit stay tuples",
        "local t = tuple(atom.bitstring, 'x', 9)\n"
        "local u = tuple(atom['$erlang_fun'], 'not a fun')\n"
        "return enc(t):byte(2) == 104 and deq(rt(t), t) and deq(rt(u), u)");
}

static void round_trip_pids_and_refs(void **state) {
  fixture *f = *state;
  vm_push_remote_pid(f->L, vm_node_index(f->L, "other@host"), 5, 1, 9);
  lua_setglobal(f->L, "rp");
  check(f->L, "remote pid",
        "local r = rt(rp); return r == rp and rawequal(r, rp) and node_of(r) == 'other@host'");
  check_in_process(f, "local pid and ref",
        "local me, ref = self(), make_ref()\n"
        "local r = rt(tuple(me, ref))\n"
        "result = r[1] == me and rawequal(r[1], me) and r[2] == ref and\n"
        "  typeof(r[2]) == 'ref'");
  check_in_process(f, "local pid carries the node name and creation",
        "local b = enc(self())\n"
        "result = b:sub(1, 4) == '\\131\\88\\119\\14' and b:sub(5, 18) == 'test@localhost'\n"
        "  and b:sub(-4) == '\\0\\0\\0\\7'");
  check(f->L, "a pid of ours that is not alive",
        "local r = dec('\\131\\88\\119\\14test@localhost\\0\\0\\0\\1\\0\\0\\0\\0\\0\\0\\0\\7')\n"
        "return typeof(r) == 'pid' and node_of(r) == 'test@localhost' and\n"
        "  not is_alive(r), r");
}

/* ---- Lua functions ---- */

static void round_trip_functions(void **state) {
  fixture *f = *state;
  check(f->L, "closure with upvalues copied",
        "local k, t = 10, {n = 1}\n"
        "local function fn(x) return x + k + t.n + math.floor(0.5) end\n"
        "local g = assert(rt(fn))\n"
        "if g(1) ~= 12 then return false, g(1) end\n"
        "t.n = 100; k = 0\n"
        "if g(1) ~= 12 then return false, 'shared' end\n"
        "local _, gt = debug.getupvalue(g, 2)\n"
        "return gt ~= t and fn(1) == 101");
  check(f->L, "globals are the receiver's",
        "local function fn() return answer end\n"
        "local b = assert(enc(fn))\n"
        "answer = 42\n"
        "return b:find('$lua_globals', 1, true) and dec(b)() == 42");
  check(f->L, "recursive local function",
        "local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end\n"
        "return rt(fact)(10) == 3628800");
  check(f->L, "closures inside upvalues",
        "local k = 10\n"
        "local function add(a) return a + k end\n"
        "local function h(x) return add(x) * 2 end\n"
        "return rt(h)(1) == 22 and rt({f = h}).f(2) == 24");
  check(f->L, "functions in data, and their counters are their own",
        "local n = 0\n"
        "local function inc() n = n + 1; return n end\n"
        "local r = rt(tuple(atom.go, inc, 'x'))\n"
        "r[2](); r[2]()\n"
        "return r[2]() == 3 and n == 0 and inc() == 1");
  check(f->L, "errors keep line numbers",
        "local g = rt(function()\n error('boom')\n end)\n"
        "local ok, err = pcall(g)\n"
        "return not ok and err:find(':2: boom') ~= nil, err");
  check(f->L, "mutual recursion cannot travel",
        "local odd\n"
        "local function even(n) return n == 0 or odd(n - 1) end\n"
        "odd = function(n) return n ~= 0 and even(n - 1) end\n"
        "local _, err = enc(even)\n"
        "return err:find('lead back') ~= nil, err");
  check(f->L, "C functions cannot travel",
        "local _, e1 = enc(print)\n"
        "local p = print\n"
        "local _, e2 = enc(function() p() end)\n"
        "return e1:find('C function') and e2:find(\"upvalue 'p'\") ~= nil, e2");
}

static void encode_errors(void **state) {
  fixture *f = *state;
  lua_State *L = f->L;
  etf_buf b = {0};
  check(L, "cyclic table",
        "local t = {}; t.self = t\n"
        "local ok, err = enc(t)\n"
        "return ok == nil and err == 'cannot send a table that contains itself', err");
  check(L, "cycle through a tuple",
        "local t = {}; t[1] = tuple(t)\n"
        "local _, err = enc(t); return err:find('contains itself') ~= nil, err");
  check(L, "coroutine",
        "local _, err = enc(coroutine.create(print))\n"
        "return err == 'cannot send a coroutine: it belongs to its process', err");
  check(L, "userdata and ANY",
        "local _, e1 = enc(io.stdout); local _, e2 = enc(ANY)\n"
        "return e1:find('cannot send a userdata') and e2:find('cannot send ANY') ~= nil, e1");
  check(L, "non-finite floats",
        "local _, e1 = enc(1/0); local _, e2 = enc(0/0)\n"
        "return e1:find('inf') and e2:find('nan') ~= nil, e1");
  check(L, "non-UTF-8 atoms",
        "local _, err = enc(atom'\\255')\n"
        "return err:find('UTF%-8') ~= nil, err");
  {                  /* atom() refuses it, but the VM can hold one */
    char name[256];
    memset(name, 'a', sizeof name);
    vm_push_atom(L, name, sizeof name);
    assert_int_equal(etf_encode(L, -1, &b, 1), -1);
    assert_string_equal(lua_tostring(L, -1),
                        "cannot send an atom longer than 255 characters");
    lua_settop(L, 0);
  }
  check(L, "too deep",
        "local t = {}; for i = 1, 2000 do t = {t} end\n"
        "local _, err = enc(t); return err:find('nested') ~= nil, err");
  /* a failed encode leaves the buffer as it was */
  dbuf_add(&b, "abc", 3);
  assert_int_equal(luaL_dostring(L, "local t = {}; t[1] = t; return t"), LUA_OK);
  assert_int_equal(etf_encode(L, -1, &b, 1), -1);
  assert_string_equal(lua_tostring(L, -1), "cannot send a table that contains itself");
  assert_int_equal(b.len, 3);
  lua_settop(L, 0);
  dbuf_free(&b);
}

/* Terms back to back, as distribution headers carry them. */
static void terms_back_to_back(void **state) {
  fixture *f = *state;
  lua_State *L = f->L;
  etf_buf b = {0};
  size_t pos = 0;
  lua_pushinteger(L, 2);
  lua_pushliteral(L, "x");
  assert_int_equal(etf_encode(L, 1, &b, 0), 0);
  assert_int_equal(etf_encode(L, 2, &b, 0), 0);
  lua_settop(L, 0);
  assert_int_equal(etf_decode_term(L, b.p, b.len, &pos), 0);
  assert_int_equal(pos, 2);
  assert_int_equal(etf_decode_term(L, b.p, b.len, &pos), 0);
  assert_int_equal(pos, b.len);
  assert_string_equal(lua_tostring(L, -1), "x");
  assert_int_equal(lua_tointeger(L, -2), 2);
  assert_int_equal(etf_decode(L, b.p, b.len, &(size_t){0}), -1);  /* no 131 */
  lua_settop(L, 0);
  dbuf_free(&b);
}

/* ---- Older and rarer forms, built by hand ---- */

typedef struct { const char *what; size_t len; const char *bytes; const char *check; } raw_t;
#define B(s) sizeof(s) - 1, s          /* a byte string and its length */

#define NODE "\x64\x00\x03" "a@b"          /* ATOM_EXT 'a@b' */
static const raw_t raws[] = {
  {"PID_EXT", B("\x83\x67" NODE "\0\0\0\5" "\0\0\0\1" "\2"),
   "return typeof(v) == 'pid' and node_of(v) == 'a@b' and tostring(v):find('%.5%.1>')"},
  {"NEW_REFERENCE_EXT", B("\x83\x72\0\2" NODE "\1" "\0\0\0\1" "\0\0\0\2"),
   "return typeof(v) == 'ref'"},
  {"REFERENCE_EXT", B("\x83\x65" NODE "\0\0\0\1" "\1"), "return typeof(v) == 'ref'"},
  {"SMALL_ATOM_EXT latin-1", B("\x83\x73\2\xe9t"), "return v == atom'\xc3\xa9t'"},
  {"V4_PORT_EXT", B("\x83\x78" NODE "\0\0\0\1\0\0\0\2" "\0\0\0\3"),
   "return deq(v, tuple(atom.port, 'a@b', (1 << 32) + 2, 3))"},
  {"PORT_EXT", B("\x83\x66" NODE "\0\0\0\4" "\1"),
   "return deq(v, tuple(atom.port, 'a@b', 4, 1))"},
  {"LARGE_BIG_EXT in 64 bits", B("\x83\x6f\0\0\0\2\1\1\1"), INT("-257")},
  {"SMALL_BIG_EXT with zero high digits", B("\x83\x6e\x0a\0\5\0\0\0\0\0\0\0\0\0"), INT("5")},
  {"LIST_EXT of nothing with a tail", B("\x83\x6c\0\0\0\0\x61\7"), INT("7")},
  {"map with nil value loses the key", B("\x83\x74\0\0\0\1\x61\1\x6a"),
   "return deq(v, {[1] = {}})"},
};

static const raw_t bad_raws[] = {
  {"no version byte", 2, "\x61\1", "version byte"},
  {"unknown tag", B("\x83\xff"), "unknown tag 255"},
  {"atom cache ref", B("\x83\x52\0"), "atom cache"},
  {"LOCAL_EXT", B("\x83\x79\0"), "LOCAL_EXT"},
  {"compressed inside", B("\x83\x68\1\x50"), "compressed term inside"},
  {"huge list", B("\x83\x6c\xff\xff\xff\xff"), "more than the bytes left"},
  {"huge map", B("\x83\x74\xff\xff\xff\xff"), "more than the bytes left"},
  {"huge tuple", B("\x83\x69\xff\xff\xff\xff"), "more than the bytes left"},
  {"huge binary", B("\x83\x6d\xff\xff\xff\xff"), "truncated"},
  {"huge big", B("\x83\x6f\xff\xff\xff\xff\0"), "more than the bytes left"},
  {"huge string", B("\x83\x6b\xff\xff"), "truncated"},
  {"huge compressed", B("\x83\x50\xff\xff\xff\xff\x78\x9c"), "claims"},
  {"bad zlib", B("\x83\x50\0\0\0\2\1\2\3\4"), "inflate"},
  {"ref of 9 words", B("\x83\x5a\0\x09" NODE), "9 words"},
  {"map key nil, complete", B("\x83\x74\0\0\0\1\x77\3nil\x61"), "key nil"},
  {"atom not UTF-8", B("\x83\x77\1\xff"), "UTF-8"},
  {"bits 0", B("\x83\x4d\0\0\0\1\0\1"), "bit binary"},
  {"node name with NUL", B("\x83\x58\x77\2a\0" "\0\0\0\1\0\0\0\1\0\0\0\1"), "NUL"},
  {"export arity not small", B("\x83\x71\x77\1m\x77\1f\x62\0\0\0\1"), "arity"},
};

static void old_and_rare_forms(void **state) {
  fixture *f = *state;
  lua_State *L = f->L;
  size_t i, pos;
  for (i = 0; i < sizeof raws / sizeof raws[0]; i++) {
    pos = 0;
    if (etf_decode(L, (const unsigned char *)raws[i].bytes, raws[i].len, &pos) != 0)
      fail_msg("%s: %s", raws[i].what, lua_tostring(L, -1));
    assert_int_equal(pos, raws[i].len);
    lua_setglobal(L, "v");
    check(L, raws[i].what, raws[i].check);
  }
  for (i = 0; i < sizeof bad_raws / sizeof bad_raws[0]; i++) {
    pos = 0;
    if (etf_decode(L, (const unsigned char *)bad_raws[i].bytes, bad_raws[i].len, &pos) == 0)
      fail_msg("%s: decoded", bad_raws[i].what);
    if (strstr(lua_tostring(L, -1), bad_raws[i].check) == NULL)
      fail_msg("%s: %s", bad_raws[i].what, lua_tostring(L, -1));
    assert_int_equal(pos, 0);
    lua_pop(L, 1);
  }
  assert_int_equal(lua_gettop(L), 0);
}

static void too_deep(void **state) {
  fixture *f = *state;
  unsigned char data[1 + 2 * 2000 + 2];
  size_t i, pos = 0;
  data[0] = 131;
  for (i = 0; i < 2000; i++) { data[1 + 2 * i] = 104; data[2 + 2 * i] = 1; }
  data[1 + 2 * 2000] = 97;
  data[2 + 2 * 2000] = 0;
  assert_int_equal(etf_decode(f->L, data, sizeof data, &pos), -1);
  assert_non_null(strstr(lua_tostring(f->L, -1), "term nested too deep"));
  lua_pop(f->L, 1);
}

/* ---- Malformed input ---- */

static void every_prefix_fails(void **state) {
  fixture *f = *state;
  size_t i, n;
  for (i = 0; i < NCASES; i++) {
    size_t len;
    unsigned char *data = slurp(cases[i].name, &len);
    size_t step = len > 5000 ? 97 : 1;   /* the big ones: a sample */
    for (n = 0; n < len; n += step) {
      /* a copy of exactly n bytes, so that the sanitizer sees overreads */
      unsigned char *p = malloc(n ? n : 1);
      size_t pos = 0;
      memcpy(p, data, n);
      if (etf_decode(f->L, p, n, &pos) != -1)
        fail_msg("%s: prefix of %d bytes decoded", cases[i].name, (int)n);
      assert_int_equal(lua_type(f->L, -1), LUA_TSTRING);
      assert_int_equal(pos, 0);
      lua_pop(f->L, 1);
      free(p);
    }
    free(data);
  }
  assert_int_equal(lua_gettop(f->L), 0);
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(void) {           /* deterministic: a failure reproduces */
  rnd_state = rnd_state * 1103515245u + 12345u;
  return rnd_state >> 8;
}

static void random_flips_never_crash(void **state) {
  fixture *f = *state;
  unsigned char *data[NCASES];
  size_t lens[NCASES], i;
  int iter, decoded = 0;
  for (i = 0; i < NCASES; i++) data[i] = slurp(cases[i].name, &lens[i]);
  for (iter = 0; iter < 10000; iter++) {
    size_t c = rnd() % NCASES, len = lens[c], pos = 0;
    int flips = 1 + (int)(rnd() % 4), k;
    unsigned char *p;
    if (len > 4096) continue;          /* the big ones are slow, and alike */
    p = malloc(len);
    memcpy(p, data[c], len);
    for (k = 0; k < flips; k++) {
      size_t at = rnd() % len;
      if (rnd() % 2) p[at] ^= (unsigned char)(1u << (rnd() % 8));
      else p[at] = (unsigned char)rnd();
    }
    if (etf_decode(f->L, p, len, &pos) == 0) {
      etf_buf b = {0};
      decoded++;
      assert_true(pos <= len);
      if (etf_encode(f->L, -1, &b, 1) != 0) lua_pop(f->L, 1);   /* e.g. inf */
      dbuf_free(&b);
    } else {
      assert_int_equal(lua_type(f->L, -1), LUA_TSTRING);
    }
    lua_pop(f->L, 1);
    assert_int_equal(lua_gettop(f->L), 0);
    free(p);
  }
  assert_true(decoded > 0);            /* the flips were not all fatal */
  for (i = 0; i < NCASES; i++) free(data[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(fixtures_decode, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(round_trip_scalars, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(round_trip_structures, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(round_trip_shapes, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(round_trip_pids_and_refs, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(round_trip_functions, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(encode_errors, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(terms_back_to_back, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(old_and_rare_forms, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(too_deep, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(every_prefix_fails, setup, vmfix_teardown),
    cmocka_unit_test_setup_teardown(random_flips_never_crash, setup, vmfix_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
** etf_fuzz.c: libFuzzer target for the term decoder (dist/etf.c). Any
** input must decode or fail with a message, never crash or read outside
** it; what decodes must encode again (or fail cleanly: inf, say), and that
** encoding must decode.
**
** Inputs that name '$lua_fun' are skipped: decoding one hands its bytecode
** to lua_load, and Lua does not check binary chunks ("maliciously crafted
** binary chunks can crash the interpreter", the manual says of load), so
** mutated bytecode crashes inside Lua, not here. Functions come only from
** nodes that know the cookie, which can run any code anyway through rpc.
**
** `make fuzz` builds it with clang and runs it (FUZZ_TIME seconds, from
** the fixtures that erl made), then the handshake's (hs_fuzz.c).
*/
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <lauxlib.h>
#include "vm.h"
#include "etf.h"

static lua_State *state(void) {
  static uv_loop_t loop;
  static vm *v;
  if (v == NULL) {                 /* one vm for the whole run */
    uv_loop_init(&loop);
    v = vm_new(&loop);
    vm_set_node_name(v, "fuzz@localhost", 3);
  }
  return vm_lua(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lua_State *L = state();
  etf_buf b = {0};
  size_t pos = 0;
  if (memmem(data, size, "$lua_fun", 8) != NULL) return 0;
  if (etf_decode(L, data, size, &pos) == 0) {
    if (pos > size) abort();
    if (etf_encode(L, -1, &b, 1) == 0) {
      size_t again = 0;
      if (etf_decode(L, b.p, b.len, &again) != 0 || again != b.len) abort();
    }
  } else if (lua_type(L, -1) != LUA_TSTRING) {
    abort();                       /* every failure has its sentence */
  }
  dbuf_free(&b);
  lua_settop(L, 0);
  return 0;
}

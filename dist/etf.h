/*
** etf.h: the external term format, Erlang's wire encoding of values, and
** its mapping to Lua values (DESIGN.md, "Values on the wire"):
**
**   Lua                       term
**   integer                   SMALL_INTEGER / INTEGER / SMALL_BIG; bigs that
**                             do not fit 64 bits decode to a float
**   float                     NEW_FLOAT (FLOAT_EXT decodes too); finite only
**   string                    BINARY
**   true, false, nil          the atoms true, false, nil
**   atom"x"                   SMALL_ATOM_UTF8 / ATOM_UTF8 (latin-1 atoms
**                             decode too)
**   tuple(...)                SMALL_TUPLE / LARGE_TUPLE
**   {} (empty table)          NIL ([]); an empty map #{} decodes to {} too
**   sequence (keys 1..n)      LIST, or STRING when every element is 0..255
**                             and n < 65536 (as Erlang writes such lists)
**   other table               MAP
**   pid, ref                  NEW_PID / NEWER_REFERENCE (older forms decode)
**   Lua function              tuple('$lua_fun', bytecode, tuple(upvalues))
**
** Terms with no Lua type of their own decode to tagged tuples that encode
** back to the same term:
**   [a, b | t]                tuple('improper_list', {a, b}, t)
**   <<1, 2:3>>                tuple('bitstring', "\1\64", 3)  (bits used in
**                             the last byte)
**   #Port<...>                tuple('port', node_name, id, creation)
**   Erlang funs               tuple('$erlang_fun', raw_term_bytes)
**
** A pid of this node decodes to its process's pid, or to a dead pid when
** the process is gone (vm_push_local_pid). Functions: the bytecode keeps
** its debug info; the global table travels as '$lua_globals' and becomes
** the receiver's; a function that is its own upvalue as '$lua_self'; any
** other upvalue is copied (so two closures sharing one upvalue no longer
** share it); C functions, coroutines, other cycles cannot be sent. Lua
** does not verify bytecode, so only nodes that know the cookie (which can
** run any code through rpc anyway) should be trusted with functions.
**
** Lossy corners, all of them Lua's: nil cannot sit in a table, so a list
** or map holding the atom nil loses that element (tuples keep it); map keys
** 1 and 1.0 are one Lua key; a map with key nil or NaN cannot be decoded;
** a table's metatable does not travel; integers past 64 bits become the
** nearest float (past 2^1024, inf, which cannot be sent back).
**
** Neither function raises: each runs protected and returns -1 with a
** one-sentence message on L when it fails.
*/
#ifndef DIST_ETF_H
#define DIST_ETF_H

#include <stddef.h>
#include <lua.h>
#include "buf.h"

#define ETF_VERSION   131
#define ETF_MAX_DEPTH 1000          /* nesting, either way */
#define ETF_MAX_SIZE  (1u << 30)    /* bytes of one encoded or inflated term */

typedef dbuf etf_buf;               /* buf.h's buffer; free with dbuf_free */

/* Appends the value at idx to b (after the version byte 131 when
** 'version'). 0, or -1 with a message pushed and b as it was. */
int etf_encode(lua_State *L, int idx, etf_buf *b, int version);

/* A distribution frame's terms: tuple(the n values on top of L, popped),
** then the message at index msg (none when msg is 0), each with its
** version byte, in one protected call. 0, or -1 with a message pushed. */
int etf_encode_frame(lua_State *L, int n, int msg, etf_buf *b);

/* Decode one term from data[*pos, len): etf_decode expects the version
** byte 131 first (and then also accepts a compressed term), etf_decode_term
** does not (distribution headers carry terms back to back). Pushes the
** value and advances *pos; or returns -1, pushes a message and leaves
** *pos alone. Never reads outside data[0, len). */
int etf_decode(lua_State *L, const unsigned char *data, size_t len,
               size_t *pos);
int etf_decode_term(lua_State *L, const unsigned char *data, size_t len,
                    size_t *pos);
/* etf_decode for a caller that is in a protected call already: it raises
** (with the same sentences) instead of returning -1. */
void etf_decode_in(lua_State *L, const unsigned char *data, size_t len,
                   size_t *pos);

#endif

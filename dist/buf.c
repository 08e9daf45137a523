/*
** buf.c: the growable byte buffer of buf.h.
*/
#include <stdlib.h>
#include <string.h>
#include "buf.h"

int dbuf_reserve(dbuf *b, size_t more) {
  size_t cap;
  unsigned char *p;
  if (b->len + more <= b->cap) return 0;
  cap = b->cap ? b->cap : 256;
  while (cap < b->len + more) cap *= 2;
  p = realloc(b->p, cap);
  if (p == NULL) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int dbuf_add(dbuf *b, const void *data, size_t n) {
  if (dbuf_reserve(b, n) != 0) return -1;
  if (n) memcpy(b->p + b->len, data, n);
  b->len += n;
  return 0;
}

int dbuf_u8(dbuf *b, unsigned v) {
  unsigned char c = (unsigned char)v;
  return dbuf_add(b, &c, 1);
}

int dbuf_u16(dbuf *b, unsigned v) {
  unsigned char c[2];
  c[0] = (unsigned char)(v >> 8); c[1] = (unsigned char)v;
  return dbuf_add(b, c, 2);
}

int dbuf_u32(dbuf *b, uint32_t v) {
  unsigned char c[4];
  put_u32(c, v);
  return dbuf_add(b, c, 4);
}

int dbuf_u64(dbuf *b, uint64_t v) {
  return dbuf_u32(b, (uint32_t)(v >> 32)) | dbuf_u32(b, (uint32_t)v);
}

void dbuf_consume(dbuf *b, size_t n) {
  if (n >= b->len) { b->len = 0; return; }
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
}

void dbuf_free(dbuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

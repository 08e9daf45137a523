/*
** buf.h: a growable byte buffer, and big-endian reads and writes, for
** everything dist/ puts on or takes off the wire.
*/
#ifndef DIST_BUF_H
#define DIST_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct dbuf {
  unsigned char *p;
  size_t len, cap;
} dbuf;

int dbuf_reserve(dbuf *b, size_t more);          /* 0, or -1 out of memory */
int dbuf_add(dbuf *b, const void *data, size_t n);
int dbuf_u8(dbuf *b, unsigned v);
int dbuf_u16(dbuf *b, unsigned v);
int dbuf_u32(dbuf *b, uint32_t v);
int dbuf_u64(dbuf *b, uint64_t v);
void dbuf_consume(dbuf *b, size_t n);            /* drops n bytes from the front */
void dbuf_free(dbuf *b);

static inline uint16_t get_u16(const unsigned char *p) {
  return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t get_u32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
         ((uint32_t)p[2] << 8) | p[3];
}
static inline uint64_t get_u64(const unsigned char *p) {
  return ((uint64_t)get_u32(p) << 32) | get_u32(p + 4);
}
static inline void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

#endif

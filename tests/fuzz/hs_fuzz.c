/*
** hs_fuzz.c: libFuzzer target for the distribution handshake
** (dist/handshake.c), the first thing a stranger's bytes reach. The input
** is cut into messages (a length byte, then that many bytes) and fed to
** one side of a handshake, the acceptor or the initiator (the first byte
** says which), in whatever state it has reached. Any input must end in a
** failure with its sentence, or go on; never crash or read outside it.
** `make fuzz` builds and runs it (FUZZ_TIME seconds).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "handshake.h"

static const char *cookie(void *ud, const char *peer, int out) {
  (void)ud; (void)peer; (void)out;
  return "fuzzcookie";
}

static const char *status(void *ud, const char *peer) {
  (void)ud;
  return peer[0] == 'a' ? "alive" : "ok";   /* both of the acceptor's paths */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hs h;
  hs_ops ops = {NULL, cookie, status};
  dbuf out = {0};
  size_t at = 1;
  int r = HS_CONTINUE;
  if (size < 1) return 0;
  hs_init(&h, data[0] & 1, "me@host", (data[0] & 1) ? "peer@host" : NULL,
          DFLAGS_OURS, 7, &ops);
  h.len4 = (data[0] & 2) != 0;
  if (h.initiator) hs_start(&h, &out);
  while (r == HS_CONTINUE && at < size) {
    size_t n = data[at++];
    if (n > size - at) n = size - at;
    r = hs_message(&h, data + at, n, &out);
    at += n;
  }
  if (r == HS_FAIL && h.error[0] == 0) abort();   /* every failure says why */
  dbuf_free(&out);
  return 0;
}

/*
** handshake.c: the distribution handshake, version 6. Node A (initiator)
** sends its name; B answers with a status and its challenge; A proves it
** knows the cookie by a digest of B's challenge and sends its own; B checks
** and proves itself in turn. See erl_dist_protocol, "Distribution
** Handshake", for the messages.
*/
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "handshake.h"

enum { S_SEND_NAME, S_WAIT_STATUS, S_WAIT_CHALLENGE, S_WAIT_ACK,
       S_WAIT_NAME, S_WAIT_ALIVE, S_WAIT_REPLY, S_DONE, S_FAILED };

static int fail(hs *h, int cookie, const char *fmt, const char *arg) {
  snprintf(h->error, sizeof h->error, fmt, arg);
  h->cookie_failed = cookie;
  h->state = S_FAILED;
  return HS_FAIL;
}

void hs_digest(uint32_t challenge, const char *cookie, unsigned char out[16]) {
  char num[16];
  unsigned int n = 16;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  snprintf(num, sizeof num, "%u", challenge);
  EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
  EVP_DigestUpdate(ctx, cookie, strlen(cookie));
  EVP_DigestUpdate(ctx, num, strlen(num));
  EVP_DigestFinal_ex(ctx, out, &n);
  EVP_MD_CTX_free(ctx);
}

static uint32_t new_challenge(void) {
  unsigned char r[4] = {0, 0, 0, 0};
  RAND_bytes(r, sizeof r);
  return get_u32(r);
}

void hs_init(hs *h, int initiator, const char *me, const char *peer,
             uint64_t flags, uint32_t creation, const hs_ops *ops) {
  memset(h, 0, sizeof *h);
  h->initiator = initiator;
  h->state = initiator ? S_SEND_NAME : S_WAIT_NAME;
  h->ops = *ops;
  snprintf(h->me, sizeof h->me, "%s", me);
  snprintf(h->peer, sizeof h->peer, "%s", peer ? peer : "");
  h->my_flags = flags;
  h->my_creation = creation;
}

/* Frames: 2-byte length, then the message; 4-byte length under TLS (as
** erl's inet_tls_dist frames its handshake). */
static size_t open_frame(hs *h, dbuf *out) {
  size_t at = out->len;
  if (h->len4) dbuf_u32(out, 0); else dbuf_u16(out, 0);
  return at;
}

static void close_frame(hs *h, dbuf *out, size_t at) {
  size_t n = out->len - at - (h->len4 ? 4 : 2);
  if (h->len4) { put_u32(out->p + at, (uint32_t)n); return; }
  out->p[at] = (unsigned char)(n >> 8);
  out->p[at + 1] = (unsigned char)n;
}

/* 'N' Flags Creation Nlen Name (send_name), or with a Challenge after the
** flags (send_challenge). */
static void put_name(hs *h, dbuf *out, int with_challenge) {
  size_t at = open_frame(h, out);
  dbuf_u8(out, 'N');
  dbuf_u64(out, h->my_flags);
  if (with_challenge) dbuf_u32(out, h->my_challenge);
  dbuf_u32(out, h->my_creation);
  dbuf_u16(out, (unsigned)strlen(h->me));
  dbuf_add(out, h->me, strlen(h->me));
  dbuf_add(out, HS_REPL_MARK, 4);   /* extra data: Erlang ignores it */
  close_frame(h, out, at);
}

static void put_status(hs *h, dbuf *out, const char *status) {
  size_t at = open_frame(h, out);
  dbuf_u8(out, 's');
  dbuf_add(out, status, strlen(status));
  close_frame(h, out, at);
}

/* Reads an 'N' message; challenge is NULL for send_name's form. */
static int get_name(hs *h, const unsigned char *m, size_t n,
                    uint32_t *challenge) {
  size_t head = challenge ? 19 : 15, nlen;
  if (n < head || m[0] != 'N')
    return fail(h, 0, "the peer sent a malformed handshake message%s", "");
  h->peer_flags = get_u64(m + 1);
  if (challenge) *challenge = get_u32(m + 9);
  h->peer_creation = get_u32(m + head - 6);
  nlen = get_u16(m + head - 2);
  if (nlen == 0 || nlen >= sizeof h->peer || head + nlen > n)
    return fail(h, 0, "the peer sent a malformed node name%s", "");
  if (h->initiator && (strlen(h->peer) != nlen || memcmp(h->peer, m + head, nlen)))
    return fail(h, 0, "the node that answered is not %s", h->peer);
  memcpy(h->peer, m + head, nlen);
  h->peer[nlen] = 0;
  h->peer_repl = n - head - nlen >= 4 && memcmp(m + head + nlen, HS_REPL_MARK, 4) == 0;
  if (h->peer_flags & DFLAG_MANDATORY_25_DIGEST) h->peer_flags |= DFLAGS_MANDATORY;
  if ((h->peer_flags & DFLAGS_MANDATORY) != DFLAGS_MANDATORY)
    return fail(h, 0, "%s is too old: Erlang/OTP 23 or later is needed", h->peer);
  return HS_CONTINUE;
}

/* The old name message, 'n' Version(2) Flags(4) Name, which a node that
** does not know our version sends first (erl's TLS distribution does).
** With HANDSHAKE_23 among its flags the rest is the new handshake; the
** flags' high half and the creation come in a complement message. */
static int get_old_name(hs *h, const unsigned char *m, size_t n) {
  size_t nlen = n > 7 ? n - 7 : 0;
  if (nlen == 0 || nlen >= sizeof h->peer)
    return fail(h, 0, "the peer sent a malformed node name%s", "");
  h->peer_flags = get_u32(m + 3);
  memcpy(h->peer, m + 7, nlen);
  h->peer[nlen] = 0;
  if (h->peer_flags & DFLAG_MANDATORY_25_DIGEST) h->peer_flags |= DFLAGS_MANDATORY;
  if ((h->peer_flags & DFLAGS_MANDATORY) != DFLAGS_MANDATORY)
    return fail(h, 0, "%.200s is too old: Erlang/OTP 23 or later is needed", h->peer);
  h->complement = 1;
  return HS_CONTINUE;
}

int hs_start(hs *h, dbuf *out) {
  put_name(h, out, 0);
  h->state = S_WAIT_STATUS;
  return HS_CONTINUE;
}

static int on_status(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  char st[32];
  if (n < 2 || n - 1 >= sizeof st || m[0] != 's')
    return fail(h, 0, "the peer sent a malformed status%s", "");
  memcpy(st, m + 1, n - 1);
  st[n - 1] = 0;
  if (strcmp(st, "ok") == 0 || strcmp(st, "ok_simultaneous") == 0) {
    h->state = S_WAIT_CHALLENGE;
    return HS_CONTINUE;
  }
  if (strcmp(st, "alive") == 0) {        /* our old connection is gone */
    put_status(h, out, "true");
    h->state = S_WAIT_CHALLENGE;
    return HS_CONTINUE;
  }
  if (strcmp(st, "nok") == 0) {     /* its connection to us wins */
    h->nok = 1;
    return fail(h, 0, "%s is connecting to us at the same moment", h->peer);
  }
  return fail(h, 0, "%s does not allow this connection", h->peer);
}

/* A: B's challenge. Answer with our digest of it and our own challenge. */
static int on_challenge(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  unsigned char d[16];
  size_t at;
  if (get_name(h, m, n, &h->peer_challenge) != HS_CONTINUE) return HS_FAIL;
  h->my_challenge = new_challenge();
  hs_digest(h->peer_challenge, h->ops.cookie(h->ops.ud, h->peer, 1), d);
  at = open_frame(h, out);
  dbuf_u8(out, 'r');
  dbuf_u32(out, h->my_challenge);
  dbuf_add(out, d, 16);
  close_frame(h, out, at);
  h->state = S_WAIT_ACK;
  return HS_CONTINUE;
}

static int digest_ok(hs *h, const unsigned char *got) {
  unsigned char want[16];
  hs_digest(h->my_challenge, h->ops.cookie(h->ops.ud, h->peer, 0), want);
  return memcmp(want, got, 16) == 0;
}

static int on_ack(hs *h, const unsigned char *m, size_t n) {
  if (n != 17 || m[0] != 'a')
    return fail(h, 0, "the peer sent a malformed challenge ack%s", "");
  if (!digest_ok(h, m + 1))
    return fail(h, 1, "%s answered with a different cookie", h->peer);
  h->state = S_DONE;
  return HS_DONE;
}

/* B: A's name. Tell it whether it may go on, then challenge it. */
static int on_name(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  const char *st;
  int r = n > 0 && m[0] == 'n' ? get_old_name(h, m, n) : get_name(h, m, n, NULL);
  if (r != HS_CONTINUE) return HS_FAIL;
  st = h->ops.status(h->ops.ud, h->peer);
  put_status(h, out, st);
  if (strcmp(st, "alive") == 0) { h->state = S_WAIT_ALIVE; return HS_CONTINUE; }
  if (strcmp(st, "ok") != 0 && strcmp(st, "ok_simultaneous") != 0)
    return fail(h, 0, "refused the connection from %s", h->peer);
  h->my_challenge = new_challenge();
  put_name(h, out, 1);
  h->state = S_WAIT_REPLY;
  return HS_CONTINUE;
}

static int on_alive_answer(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  if (n == 5 && memcmp(m, "strue", 5) == 0) {
    h->my_challenge = new_challenge();
    put_name(h, out, 1);
    h->state = S_WAIT_REPLY;
    return HS_CONTINUE;
  }
  return fail(h, 0, "%s gave up its connection attempt", h->peer);
}

static int on_reply(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  unsigned char d[16];
  size_t at;
  if (h->complement && n == 9 && m[0] == 'c') {   /* after an old name */
    h->peer_flags |= (uint64_t)get_u32(m + 1) << 32;
    h->peer_creation = get_u32(m + 5);
    h->complement = 0;
    return HS_CONTINUE;
  }
  if (n != 21 || m[0] != 'r')
    return fail(h, 0, "the peer sent a malformed challenge reply%s", "");
  if (!digest_ok(h, m + 5))
    return fail(h, 1, "%s tried to connect with a different cookie", h->peer);
  h->peer_challenge = get_u32(m + 1);
  hs_digest(h->peer_challenge, h->ops.cookie(h->ops.ud, h->peer, 1), d);
  at = open_frame(h, out);
  dbuf_u8(out, 'a');
  dbuf_add(out, d, 16);
  close_frame(h, out, at);
  h->state = S_DONE;
  return HS_DONE;
}

int hs_message(hs *h, const unsigned char *m, size_t n, dbuf *out) {
  switch (h->state) {
    case S_WAIT_STATUS: return on_status(h, m, n, out);
    case S_WAIT_CHALLENGE: return on_challenge(h, m, n, out);
    case S_WAIT_ACK: return on_ack(h, m, n);
    case S_WAIT_NAME: return on_name(h, m, n, out);
    case S_WAIT_ALIVE: return on_alive_answer(h, m, n, out);
    case S_WAIT_REPLY: return on_reply(h, m, n, out);
    default: return fail(h, 0, "handshake message out of turn%s", "");
  }
}

const char *hs_hangup_reason(hs *h) {
  if (h->state == S_WAIT_ACK) {
    snprintf(h->error, sizeof h->error, "cookie mismatch: %s refused our "
             "cookie", h->peer);
    h->cookie_failed = 1;
    return h->error;
  }
  if (h->state == S_WAIT_STATUS && !h->len4) {   /* our name got no answer */
    snprintf(h->error, sizeof h->error, "%.150s closed the connection without "
             "answering (does it use TLS distribution? then this node needs "
             "--tls-certfile too)", h->peer);
    return h->error;
  }
  return NULL;
}

/*
** handshake.h: the distribution handshake, version 6 (OTP 23 and later),
** as a state machine over whole messages: no sockets here, so that it can
** be tested byte for byte. The connection (conn.c) frames the messages
** (2-byte length) and feeds them in; replies come out framed.
*/
#ifndef DIST_HANDSHAKE_H
#define DIST_HANDSHAKE_H

#include <stdint.h>
#include "buf.h"

/* Capability flags (erl_dist_protocol). */
#define DFLAG_PUBLISHED           0x1ULL
#define DFLAG_EXTENDED_REFERENCES 0x4ULL
#define DFLAG_DIST_MONITOR        0x8ULL
#define DFLAG_FUN_TAGS            0x10ULL
#define DFLAG_DIST_MONITOR_NAME   0x20ULL
#define DFLAG_NEW_FUN_TAGS        0x80ULL
#define DFLAG_EXTENDED_PIDS_PORTS 0x100ULL
#define DFLAG_EXPORT_PTR_TAG      0x200ULL
#define DFLAG_BIT_BINARIES        0x400ULL
#define DFLAG_NEW_FLOATS          0x800ULL
#define DFLAG_UNICODE_IO          0x1000ULL
#define DFLAG_SMALL_ATOM_TAGS     0x4000ULL
#define DFLAG_UTF8_ATOMS          0x10000ULL
#define DFLAG_MAP_TAG             0x20000ULL
#define DFLAG_BIG_CREATION        0x40000ULL
#define DFLAG_SEND_SENDER         0x80000ULL
#define DFLAG_BIG_SEQTRACE_LABELS 0x100000ULL
#define DFLAG_EXIT_PAYLOAD        0x400000ULL
#define DFLAG_HANDSHAKE_23        0x1000000ULL
#define DFLAG_UNLINK_ID           0x2000000ULL
#define DFLAG_MANDATORY_25_DIGEST 0x4000000ULL
#define DFLAG_SPAWN               (1ULL << 32)
#define DFLAG_V4_NC               (1ULL << 34)
#define DFLAG_ALIAS               (1ULL << 35)

/* What OTP 25 refuses to do without; the 25 digest flag stands for them. */
#define DFLAGS_MANDATORY (DFLAG_EXTENDED_REFERENCES | DFLAG_FUN_TAGS | \
  DFLAG_EXTENDED_PIDS_PORTS | DFLAG_NEW_FUN_TAGS | DFLAG_EXPORT_PTR_TAG | \
  DFLAG_BIT_BINARIES | DFLAG_NEW_FLOATS | DFLAG_UTF8_ATOMS | DFLAG_MAP_TAG | \
  DFLAG_BIG_CREATION | DFLAG_HANDSHAKE_23)

/* What we offer: the mandatory set and what our connection layer handles. */
#define DFLAGS_OURS (DFLAGS_MANDATORY | DFLAG_DIST_MONITOR | \
  DFLAG_DIST_MONITOR_NAME | DFLAG_UNICODE_IO | DFLAG_SMALL_ATOM_TAGS | \
  DFLAG_SEND_SENDER | DFLAG_BIG_SEQTRACE_LABELS | DFLAG_EXIT_PAYLOAD | \
  DFLAG_UNLINK_ID | DFLAG_SPAWN | DFLAG_V4_NC | DFLAG_ALIAS)

enum { HS_CONTINUE, HS_DONE, HS_FAIL };

/* Our nodes add this after their name in the name and challenge messages,
** where the protocol says extra data is ignored: so each side knows whether
** the other can run Lua closures. */
#define HS_REPL_MARK "repl"

typedef struct hs hs;

/* The node's side of the questions the handshake asks. */
typedef struct hs_ops {
  void *ud;
  /* The cookie to use with peer: out (1) proves ourselves, in (0) checks it. */
  const char *(*cookie)(void *ud, const char *peer, int out);
  /* For the acceptor: may peer connect? "ok", "ok_simultaneous", "nok",
  ** "alive" or "not_allowed" (see the protocol's send_status). */
  const char *(*status)(void *ud, const char *peer);
} hs_ops;

struct hs {
  int initiator, state;
  hs_ops ops;
  char me[256], peer[256];
  uint64_t my_flags, peer_flags;
  uint32_t my_creation, peer_creation;
  uint32_t my_challenge, peer_challenge;
  char error[300];       /* why it failed, one sentence */
  int cookie_failed;     /* the failure was a digest mismatch */
  int peer_repl;         /* the peer is a repl node (it can run Lua) */
  int nok;               /* refused because the peer's own attempt wins */
  int complement;        /* old name message: a complement may follow */
  int len4;              /* frames with 4-byte lengths (TLS), not 2 */
};

/* me: our full node name; peer: whom we call (initiator) or "" (acceptor). */
void hs_init(hs *h, int initiator, const char *me, const char *peer,
             uint64_t flags, uint32_t creation, const hs_ops *ops);
/* The initiator's first message, framed, into out. */
int hs_start(hs *h, dbuf *out);
/* One received message (without its length); replies go to out. */
int hs_message(hs *h, const unsigned char *m, size_t n, dbuf *out);
/* The peer hung up during the handshake: why, as best we can tell (after
** our digest it means our cookie was refused). NULL if nothing special. */
const char *hs_hangup_reason(hs *h);
/* md5(cookie ++ decimal(challenge)), the protocol's gen_digest. */
void hs_digest(uint32_t challenge, const char *cookie, unsigned char out[16]);

#endif

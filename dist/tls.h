/*
** tls.h: TLS distribution, as erl's -proto_dist inet_tls: every byte of a
** connection goes through OpenSSL, the distribution handshake and frames
** inside unchanged. Used by conn.c; configured by node.c at start.
*/
#ifndef DIST_TLS_H
#define DIST_TLS_H

#include <stddef.h>
#include "dist.h"

/* Builds this node's TLS contexts from the options' files (none given:
** TLS off). 0, or -1 with one sentence in err. */
int tls_configure(dnode *d, const dist_opts *o, char *err, size_t n);
void tls_unconfigure(dnode *d);

/* Gives c its TLS session when the node uses TLS (a client's first
** message then waits to be sealed). 0, or -1 with c->why set. */
int tls_attach(conn *c);
/* n bytes read from the socket: what they decrypt to goes to c->in. 0, or
** -1 with c->why set when the session failed or ended. */
int tls_feed(conn *c, const unsigned char *p, size_t n);
/* Encrypts what waits in c->out (once the TLS handshake is done) and
** appends to dst every byte OpenSSL has for the socket. */
int tls_seal(conn *c, dbuf *dst);
/* The connection ended during the TLS handshake: 1 with why in c->why. */
int tls_hangup_reason(conn *c);
void tls_free(conn *c);

#endif

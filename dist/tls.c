/*
** tls.c: TLS distribution. OpenSSL does the TLS; libuv still owns the
** socket: what the socket reads is written into a memory BIO that the
** session reads from, and what the session writes into the other memory
** BIO is drained into the connection's output. So the connection's code
** is the same with and without TLS, but for where the bytes pass.
** Without a CA file the peer's certificate is not checked, as erl's
** inet_tls_dist with verify_none; with one, both sides must present a
** certificate that it signed.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "tls.h"

/* OpenSSL's reason for the last failure, as text. */
static const char *ssl_reason(void) {
  unsigned long e = ERR_peek_last_error();
  const char *r = e ? ERR_reason_error_string(e) : NULL;
  ERR_clear_error();
  return r ? r : "unknown error";
}

/* A file named by option opt that cannot be read: the sentence, and -1. */
static int unreadable(const char *opt, const char *path, char *err, size_t n) {
  if (path == NULL || access(path, R_OK) == 0) return 0;
  snprintf(err, n, "%s %s: %s", opt, path, strerror(errno));
  return -1;
}

/* 0: the key in file key is in place; 1: the file holds no key; 2: it is
** the key of another certificate. */
static int use_key(SSL_CTX *x, const char *key) {
  ERR_clear_error();
  if (SSL_CTX_use_PrivateKey_file(x, key, SSL_FILETYPE_PEM) == 1)
    return SSL_CTX_check_private_key(x) == 1 ? 0 : 2;
  return ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH ? 2 : 1;
}

static SSL_CTX *make_ctx(const SSL_METHOD *m, const dist_opts *o,
                         char *err, size_t n) {
  const char *key = o->tls_keyfile ? o->tls_keyfile : o->tls_certfile;
  SSL_CTX *x;
  int bad;
  if (unreadable("--tls-certfile", o->tls_certfile, err, n) ||
      unreadable("--tls-keyfile", o->tls_keyfile, err, n) ||
      unreadable("--tls-cacertfile", o->tls_cacertfile, err, n)) return NULL;
  x = SSL_CTX_new(m);
  if (x == NULL) { snprintf(err, n, "TLS: %s", ssl_reason()); return NULL; }
  SSL_CTX_set_min_proto_version(x, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(x, o->tls_certfile) != 1) {
    snprintf(err, n, "--tls-certfile %s: no certificate in it (a PEM file with "
             "-----BEGIN CERTIFICATE----- is needed)", o->tls_certfile);
  } else if ((bad = use_key(x, key)) == 1) {
    snprintf(err, n, "%s %s: no private key in it (a PEM file with -----BEGIN "
             "PRIVATE KEY-----%s)", o->tls_keyfile ? "--tls-keyfile" : "--tls-certfile",
             key, o->tls_keyfile ? "" : "; give it with --tls-keyfile when it is in another file");
  } else if (bad == 2) {
    snprintf(err, n, "the key in %s does not belong to the certificate in %s",
             key, o->tls_certfile);
  } else if (o->tls_cacertfile &&
             SSL_CTX_load_verify_locations(x, o->tls_cacertfile, NULL) != 1) {
    snprintf(err, n, "--tls-cacertfile %s: no CA certificate in it (a PEM file "
             "with -----BEGIN CERTIFICATE----- is needed)", o->tls_cacertfile);
  } else {
    if (o->tls_cacertfile)
      SSL_CTX_set_verify(x, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    return x;
  }
  SSL_CTX_free(x);
  return NULL;
}

int tls_configure(dnode *d, const dist_opts *o, char *err, size_t n) {
  tls_unconfigure(d);
  if (o->tls_certfile == NULL) {
    if (o->tls_keyfile || o->tls_cacertfile) {
      snprintf(err, n, "--tls-keyfile and --tls-cacertfile need --tls-certfile "
               "(this node's certificate) to turn TLS on");
      return -1;
    }
    return 0;
  }
  d->tls_server = make_ctx(TLS_server_method(), o, err, n);
  if (d->tls_server == NULL) return -1;
  d->tls_client = make_ctx(TLS_client_method(), o, err, n);
  if (d->tls_client == NULL) { tls_unconfigure(d); return -1; }
  d->tls_paths[0] = strdup(o->tls_certfile);
  d->tls_paths[1] = o->tls_keyfile ? strdup(o->tls_keyfile) : NULL;
  d->tls_paths[2] = o->tls_cacertfile ? strdup(o->tls_cacertfile) : NULL;
  return 0;
}

void tls_unconfigure(dnode *d) {
  SSL_CTX_free(d->tls_server);
  SSL_CTX_free(d->tls_client);
  d->tls_server = d->tls_client = NULL;
  for (int i = 0; i < 3; i++) { free(d->tls_paths[i]); d->tls_paths[i] = NULL; }
}

/* c->why = the sentence, cut to fit (a node name is up to 255 bytes). */
static void set_why(conn *c, const char *fmt, ...) {
  char why[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  snprintf(c->why, sizeof c->why, "%.*s", (int)sizeof c->why - 1, why);
}

static int failed(conn *c, const char *what) {
  set_why(c, "TLS %s%s%s: %s (does it use TLS too, with a certificate this node "
          "accepts?)", what, c->peer[0] ? " with " : "", c->peer, ssl_reason());
  return -1;
}

int tls_attach(conn *c) {
  dnode *d = c->d;
  BIO *in, *out;
  if (d->tls_server == NULL) return 0;
  c->ssl = SSL_new(c->initiator ? d->tls_client : d->tls_server);
  in = BIO_new(BIO_s_mem());
  out = BIO_new(BIO_s_mem());
  if (c->ssl == NULL || in == NULL || out == NULL) {
    BIO_free(in);
    BIO_free(out);
    return failed(c, "setup");
  }
  BIO_set_mem_eof_return(in, -1);       /* empty: "wait for more", not EOF */
  SSL_set_bio(c->ssl, in, out);
  if (!c->initiator) { SSL_set_accept_state(c->ssl); return 0; }
  SSL_set_connect_state(c->ssl);
  SSL_do_handshake(c->ssl);             /* the ClientHello, for the BIO */
  return 0;
}

/* Is r, what an SSL call returned, only "more bytes needed"? */
static int wants_more(conn *c, int r) {
  int e = SSL_get_error(c->ssl, r);
  return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

int tls_feed(conn *c, const unsigned char *p, size_t n) {
  int r;
  if (!c->initiator && SSL_in_before(c->ssl) && n > 0 && p[0] != 22) {
    set_why(c, "the other node does not use TLS distribution and this one does "
            "(start every node with --tls-certfile, or none)");
    return -1;
  }
  if (BIO_write(SSL_get_rbio(c->ssl), p, (int)n) != (int)n) return failed(c, "input");
  if (!SSL_is_init_finished(c->ssl)) {
    r = SSL_do_handshake(c->ssl);
    if (r != 1) return wants_more(c, r) ? 0 : failed(c, "handshake");
  }
  for (;;) {
    if (dbuf_reserve(&c->in, 16384) != 0) {
      snprintf(c->why, sizeof c->why, "out of memory");
      return -1;
    }
    r = SSL_read(c->ssl, c->in.p + c->in.len, (int)(c->in.cap - c->in.len));
    if (r > 0) { c->in.len += (size_t)r; continue; }
    if (wants_more(c, r)) return 0;
    if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
      snprintf(c->why, sizeof c->why, "the peer ended the TLS session");
      return -1;
    }
    return failed(c, "session");
  }
}

int tls_seal(conn *c, dbuf *dst) {
  BIO *out = SSL_get_wbio(c->ssl);
  size_t done = 0, left;
  if (SSL_is_init_finished(c->ssl)) {
    while (done < c->out.len) {
      left = c->out.len - done;
      int r = SSL_write(c->ssl, c->out.p + done, left > 1 << 30 ? 1 << 30 : (int)left);
      if (r <= 0) break;
      done += (size_t)r;
    }
    dbuf_consume(&c->out, done);
  }
  while ((left = BIO_ctrl_pending(out)) > 0) {
    int r;
    if (dbuf_reserve(dst, left) != 0) return -1;
    r = BIO_read(out, dst->p + dst->len, (int)left);
    if (r <= 0) break;
    dst->len += (size_t)r;
  }
  return 0;
}

int tls_hangup_reason(conn *c) {
  if (SSL_is_init_finished(c->ssl)) return 0;
  set_why(c, "the TLS handshake%s%s failed: the node closed the connection (does "
          "it use TLS distribution too?)", c->peer[0] ? " with " : "", c->peer);
  return 1;
}

void tls_free(conn *c) {
  SSL_free(c->ssl);      /* and its BIOs */
  c->ssl = NULL;
  dbuf_free(&c->tls_out);
}

/*
** term.c: the interactive terminal (see term.h).
**
** Interactive (stdin is a TTY, and stdout or stderr is one to draw on):
** libedit's readline-compatible callback interface, fed by a uv_poll_t on
** fd 0, so the loop runs timers and sockets while the learner types.
** Otherwise stdin is read with libuv (a stream for pipes, sockets and
** TTYs, uv_fs_read for files) and cut into lines.
**
** libedit quirks worked around here (libedit 3.1, its readline.c):
** - rl_catch_signals defaults to 1: libedit then installs its own SIGINT
**   handler around each read, which re-raises the signal to the whole
**   process group. We clear it before rl_initialize; SIGINT is libuv's.
** - rl_point/rl_end are refreshed only after a key is processed. A new
**   prompt (rl_callback_handler_install) empties the line but not them, so
**   show_prompt zeroes them itself.
** - rl_replace_line("") and rl_free_line_state do nothing, so a line is
**   discarded by removing and reinstalling the handler (which resets it).
** - Completion reads rl_basic_word_break_characters, not
**   rl_completer_word_break_characters: we set both. Unless
**   rl_attempted_completion_over is set it falls back to file names. Past
**   rl_completion_query_items it asks "y or n" with a blocking getc(stdin).
** - rl_forced_update_display (EL_REFRESH) redraws prompt and line assuming
**   the cursor is at column 0 of the prompt's first row; term_write puts it
**   there first, counting rows itself since libedit keeps its own count.
** - On ^D libedit echoes "^D" and no newline.
** - uv_poll_init makes fd 0 non-blocking, which libedit does not expect and
**   which the file description shares with the parent shell: we undo it.
** - Some commands read further keys in a blocking loop, and while they
**   wait the loop waits too: the node stops answering its peers' ticks.
**   ^R (incremental search) is the one a learner would leave waiting, so
**   ^R and ^S search for the text before the cursor instead, at once. A
**   lone ESC and ^V still wait for the next key. libedit's edit mode also
**   keeps IXON, so ^S would stop all output, the loop blocking on it.
*/
#include "term.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <editline/readline.h>

#define HISTORY_MAX 1000
#define READ_CHUNK  65536
#define KEYS_MAX    4096  /* keys handled per wakeup: a paste cannot starve
                          ** the loop */

/* '.' and ':' are not here, so "string.up" and "s:up" are one word. */
static char word_breaks[] = " \t\n\"'`@$><=;|&{}()[],+-*/%^~#";

enum { IN_NONE, IN_STREAM, IN_FILE };

static struct {
  uv_loop_t *loop;
  term_events ev;
  char *history;          /* history file, or NULL */
  char *prompt;           /* prompt of the pending read */
  int started, stopped, interactive, reading;
  int midline;            /* term_write's last byte was not a newline */
  int fdflags;            /* fd 0's flags as we found them */
  uv_signal_t sigint;
  uv_idle_t idle;         /* delivers lines off term_read's stack */
  /* interactive */
  FILE *tout;             /* where libedit draws: stdout, else stderr */
  uv_poll_t poll;
  uv_signal_t sigwinch, sigcont;
  struct termios tio;     /* the terminal as we found it */
  int tio_saved;
  /* plain stdin */
  union { uv_handle_t h; uv_stream_t s; uv_pipe_t pipe; uv_tty_t tty; } in;
  uv_fs_t fsreq;
  int mode, fsbusy, eof;
  char *buf;              /* bytes read and not yet delivered */
  size_t len, cap;
} T;

static char chunk[READ_CHUNK];  /* static: a cancelled fs read may still
                                ** land here after term_stop */

static void deliver(const char *line) {
  T.reading = 0;
  T.ev.on_line(T.ev.ud, line);
}

static void init_signal(uv_signal_t *s, uv_signal_cb cb, int sig) {
  uv_signal_init(T.loop, s);
  uv_signal_start(s, cb, sig);
  uv_unref((uv_handle_t *)s);  /* signals alone do not keep the loop up */
}


/* ---------------------------------------------------------------------
** Output
** --------------------------------------------------------------------- */

/* Columns the terminal needs to show s[0..n): skips \1...\2 spans (a
** prompt's invisible escapes); libedit shows control characters as ^X. */
static size_t columns(const char *s, size_t n) {
  mbstate_t st;
  size_t w = 0, i = 0;
  int hidden = 0;
  memset(&st, 0, sizeof st);
  while (i < n) {
    wchar_t wc;
    size_t k = mbrtowc(&wc, s + i, n - i, &st);
    int cw;
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {  /* a bad byte */
      memset(&st, 0, sizeof st);
      k = 1;
      wc = (unsigned char)s[i];
    }
    i += k;
    if (wc == RL_PROMPT_START_IGNORE) hidden = 1;
    else if (wc == RL_PROMPT_END_IGNORE) hidden = 0;
    else if (!hidden) w += (cw = wcwidth(wc)) >= 0 ? (size_t)cw : 2;
  }
  return w;
}

/* Rows from the prompt's first row down to offset 'at' of the line. */
static size_t rows_to(int at) {
  int cols = 0;
  size_t w = columns(T.prompt, strlen(T.prompt));
  if (rl_line_buffer != NULL && at > 0) w += columns(rl_line_buffer, at);
  rl_get_screen_size(NULL, &cols);
  return w / (size_t)(cols > 0 ? cols : 80);
}

void term_write(const char *s, size_t n) {
  if (n == 0) return;
  /* With stdout redirected, the prompt (on stderr) is not in the way. */
  if (!(T.interactive && T.reading) || T.tout != stdout) {
    T.midline = s[n - 1] != '\n';
    fwrite(s, 1, n, stdout);
    fflush(stdout);
    return;
  }
  {
    size_t up = rows_to(rl_point);
    if (up > 0) printf("\033[%zuA", up);
  }
  fputs("\r\033[J", stdout);   /* from the prompt's first row, all gone */
  fwrite(s, 1, n, stdout);
  if (s[n - 1] != '\n') putchar('\n');  /* the prompt gets its own row */
  fflush(stdout);
  rl_forced_update_display();  /* prompt and line back, cursor where it was */
}


/* ---------------------------------------------------------------------
** Interactive: libedit
** --------------------------------------------------------------------- */

static void on_key(uv_poll_t *h, int status, int events);
static void got_line(char *line);

static void show_prompt(void) {
  rl_callback_handler_install(T.prompt, got_line);  /* empties the line */
  rl_point = rl_end = 0;  /* libedit updates them only after a key */
  uv_poll_start(&T.poll, UV_READABLE | UV_DISCONNECT, on_key);
}

static void hide_prompt(void) {
  uv_poll_stop(&T.poll);
  rl_callback_handler_remove();  /* cooked mode while the shell evaluates */
}

/* libedit's line handler: line is malloc'ed, NULL at EOF (^D). */
static void got_line(char *line) {
  hide_prompt();
  if (line == NULL) fputc('\n', T.tout);
  fflush(T.tout);
  deliver(line);
  free(line);
}

static int pending_keys(void) {
  int n = 0;
  return ioctl(0, FIONREAD, &n) == 0 ? n : 0;
}

static void on_key(uv_poll_t *h, int status, int events) {
  int i;
  (void)h;
  /* A TTY that is readable with nothing to read has hung up: that is an
  ** EOF, and libedit would return at once and we would spin. */
  if (status < 0 || (events & UV_DISCONNECT) || pending_keys() == 0) {
    got_line(NULL);
    return;
  }
  for (i = 0; i < KEYS_MAX && T.reading && pending_keys() > 0; i++)
    rl_callback_read_char();
}

/* Completion: gather the caller's candidates for the word, keep those that
** extend it, and hand libedit [common prefix, c1, ..., cn, NULL]. */
typedef struct { char **v; size_t n, cap; const char *word; } cands;

static void add_cand(void *ctx, const char *c) {
  cands *cs = ctx;
  if (c == NULL || strncmp(c, cs->word, strlen(cs->word)) != 0) return;
  if (cs->n + 2 >= cs->cap) {
    size_t cap = cs->cap ? cs->cap * 2 : 16;
    char **v = realloc(cs->v, cap * sizeof *v);
    if (v == NULL) return;
    cs->v = v, cs->cap = cap;
  }
  if ((cs->v[cs->n + 1] = strdup(c)) != NULL) cs->n++;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t sort_unique(char **v, size_t n) {
  size_t i, k = 0;
  qsort(v, n, sizeof *v, cmp_str);
  for (i = 0; i < n; i++) {
    if (k > 0 && strcmp(v[k - 1], v[i]) == 0) free(v[i]);
    else v[k++] = v[i];
  }
  return k;
}

static char *common_prefix(char **v, size_t n) {
  size_t len = strlen(v[0]), i, j;
  for (i = 1; i < n; i++) {
    for (j = 0; j < len && v[i][j] == v[0][j]; j++) {}
    len = j;
  }
  return strndup(v[0], len);
}

static char **complete(const char *word, int start, int end) {
  cands cs = { NULL, 0, 0, word };
  const char *c;
  size_t len;
  (void)start, (void)end;
  rl_attempted_completion_over = 1;  /* never fall back to file names */
  rl_completion_append_character = ' ';
  if (T.ev.complete != NULL) T.ev.complete(T.ev.ud, word, add_cand, &cs);
  if (cs.n > 0) {
    cs.n = sort_unique(cs.v + 1, cs.n);
    cs.v[0] = common_prefix(cs.v + 1, cs.n);
  }
  if (cs.n == 0 || cs.v[0] == NULL) {
    while (cs.n > 0) free(cs.v[cs.n--]);
    free(cs.v);
    return NULL;
  }
  cs.v[cs.n + 1] = NULL;
  c = cs.v[1], len = strlen(c);
  /* "string." or "print(" asks for more typing, not for a space */
  if (cs.n == 1 && len > 0 && strchr(".(:[", c[len - 1]) != NULL)
    rl_completion_append_character = '\0';
  return cs.v;
}

/* ^C at the prompt: leave what was typed on screen, start a new row under
** it, and end the read without a line; the caller shows the next prompt
** (the shell drops a half-typed chunk: its next prompt is not "...>"). */
static void interrupt_line(void) {
  size_t down = rows_to(rl_end) - rows_to(rl_point);
  if (down > 0) fprintf(T.tout, "\033[%zuB", down);
  fputs("\r\n", T.tout);
  fflush(T.tout);
  hide_prompt();
}

static void on_sigwinch(uv_signal_t *h, int sig) {
  (void)h, (void)sig;
  if (T.reading) rl_resize_terminal();
}

static int foreground(void) {
  return tcgetpgrp(0) == getpgrp();  /* else tcsetattr would stop us */
}

/* Back from ^Z: the job-control shell has had the terminal and may have
** reset it. Raw mode again, and the prompt redrawn where the cursor is
** (after "fg" echoed the command: column 0 of a fresh row). */
static void on_sigcont(uv_signal_t *h, int sig) {
  (void)h, (void)sig;
  if (!T.reading || !foreground()) return;
  rl_deprep_terminal();
  rl_prep_terminal(0);
  fputs("\r\033[J", T.tout);
  fflush(T.tout);
  rl_forced_update_display();
}

static void restore_tty(void) {
  if (T.tio_saved && foreground()) tcsetattr(0, TCSADRAIN, &T.tio);
}

static int tty_start(void) {
  /* libedit edits UTF-8 (and columns() measures it) only under the user's
  ** locale. LC_CTYPE alone: Lua's number formatting is LC_NUMERIC's. */
  setlocale(LC_CTYPE, "");
  if (tcgetattr(0, &T.tio) == 0) {
    T.tio_saved = 1;
    atexit(restore_tty);  /* for an exit() while a prompt is up */
  }
  rl_instream = stdin;
  rl_outstream = T.tout;
  rl_catch_signals = 0;
  rl_catch_sigwinch = 0;
  rl_readline_name = "repl";  /* "repl:" lines in ~/.editrc apply */
  if (rl_initialize() != 0) {
    fprintf(stderr, "repl: cannot start line editing on this terminal\n");
    return -1;
  }
  rl_basic_word_break_characters = word_breaks;
  rl_completer_word_break_characters = word_breaks;
  rl_attempted_completion_function = complete;
  rl_completion_query_items = 1 << 30;  /* never the blocking y/n */
  rl_parse_and_bind("bind ^R ed-search-prev-history");
  rl_parse_and_bind("bind ^S ed-search-next-history");
  rl_parse_and_bind("setty -d -ixon");  /* ^S at the prompt must not stop
                                        ** output, and the loop with it */
  stifle_history(HISTORY_MAX);
  if (T.history != NULL) read_history(T.history);  /* none yet is fine */
  if (uv_poll_init(T.loop, &T.poll, 0) != 0) {
    fprintf(stderr, "repl: cannot watch the terminal\n");
    return -1;
  }
  if (T.fdflags != -1) fcntl(0, F_SETFL, T.fdflags);  /* blocking again */
  init_signal(&T.sigwinch, on_sigwinch, SIGWINCH);
  init_signal(&T.sigcont, on_sigcont, SIGCONT);
  return 0;
}


/* ---------------------------------------------------------------------
** Plain stdin: pipes, files, sockets, a TTY with no terminal to draw on
** --------------------------------------------------------------------- */

static void want_input(void);

static void append(const char *s, size_t n) {
  if (T.len + n > T.cap) {
    size_t cap = T.cap ? T.cap : READ_CHUNK;
    char *b;
    while (cap < T.len + n) cap *= 2;
    if ((b = realloc(T.buf, cap)) == NULL) { T.eof = 1; return; }
    T.buf = b, T.cap = cap;
  }
  memcpy(T.buf + T.len, s, n);
  T.len += n;
}

/* Hand the next buffered line to a pending read, or read more. */
static void pump(void) {
  char *nl, *line;
  size_t n, skip;
  if (!T.reading) return;
  nl = T.len > 0 ? memchr(T.buf, '\n', T.len) : NULL;
  if (nl == NULL && !T.eof) { want_input(); return; }
  if (nl == NULL && T.len == 0) { deliver(NULL); return; }
  n = nl ? (size_t)(nl - T.buf) : T.len;  /* a last line may lack '\n' */
  skip = nl ? n + 1 : n;
  if (n > 0 && T.buf[n - 1] == '\r') n--;  /* CRLF files */
  line = strndup(T.buf, n);
  memmove(T.buf, T.buf + skip, T.len - skip);
  T.len -= skip;
  if (line == NULL) T.eof = 1, T.len = 0;
  deliver(line);
  free(line);
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  (void)h, (void)hint;
  *b = uv_buf_init(chunk, sizeof chunk);
}

static void on_stream(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  if (n > 0) append(b->base, (size_t)n);
  else if (n < 0) T.eof = 1;  /* UV_EOF, or an error: input is over */
  if (T.eof || !T.reading) uv_read_stop(s);  /* read only for a reader */
  pump();
}

static void on_file(uv_fs_t *req) {
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  T.fsbusy = 0;
  if (!T.started) return;  /* term_stop came first */
  if (n > 0) append(chunk, (size_t)n);
  else T.eof = 1;
  pump();
}

static void want_input(void) {
  uv_buf_t b;
  if (T.mode == IN_STREAM) {
    if (!uv_is_active(&T.in.h)) uv_read_start(&T.in.s, on_alloc, on_stream);
    return;
  }
  if (T.mode == IN_FILE && T.fsbusy) return;
  b = uv_buf_init(chunk, sizeof chunk);
  if (T.mode == IN_FILE &&
      uv_fs_read(T.loop, &T.fsreq, 0, &b, 1, -1, on_file) == 0) {
    T.fsbusy = 1;
    return;
  }
  T.eof = 1;  /* no stdin, or it cannot be read */
  pump();
}

static void on_idle(uv_idle_t *h) {
  uv_idle_stop(h);
  pump();
}

/* Pipes and sockets are streams; uv_pipe_open refuses regular files and
** devices like /dev/null, which are read on the threadpool instead. No
** stdin at all (fd 0 closed) is an immediate EOF. */
static void plain_start(void) {
  uv_handle_type t = uv_guess_handle(0);
  T.mode = IN_NONE;
  if (t == UV_TTY && uv_tty_init(T.loop, &T.in.tty, 0, 1) == 0) {
    T.mode = IN_STREAM;
    return;
  }
  if (t == UV_NAMED_PIPE || t == UV_TCP) {
    uv_pipe_init(T.loop, &T.in.pipe, 0);
    if (uv_pipe_open(&T.in.pipe, 0) == 0) { T.mode = IN_STREAM; return; }
    uv_close(&T.in.h, NULL);
  }
  if (t != UV_UNKNOWN_HANDLE) T.mode = IN_FILE;
}


/* ---------------------------------------------------------------------
** The interface
** --------------------------------------------------------------------- */

/* While a read is pending, ^C ends it (no line: on_interrupt says so), so
** that the reader decides what the next prompt is. */
static void on_sigint(uv_signal_t *h, int sig) {
  int reading = T.reading;
  (void)h, (void)sig;
  if (T.interactive && reading) interrupt_line();
  T.reading = 0;
  uv_idle_stop(&T.idle);  /* a line already buffered waits for the next read */
  if (T.ev.on_interrupt != NULL) T.ev.on_interrupt(T.ev.ud, reading);
}

int term_start(uv_loop_t *loop, const term_events *ev,
               const char *history_path) {
  if (T.started) return 0;
  if (T.stopped) {  /* our handles may still be closing on the loop */
    fprintf(stderr, "repl: the terminal cannot be started twice\n");
    return -1;
  }
  T.loop = loop;
  T.ev = *ev;
  T.history = history_path ? strdup(history_path) : NULL;
  T.prompt = strdup("");
  T.fdflags = fcntl(0, F_GETFL);
  T.tout = isatty(1) ? stdout : isatty(2) ? stderr : NULL;
  T.interactive = isatty(0) && T.tout != NULL;
  if (T.prompt == NULL || (T.interactive && tty_start() != 0)) {
    restore_tty();
    return -1;
  }
  if (!T.interactive) plain_start();
  uv_idle_init(loop, &T.idle);
  init_signal(&T.sigint, on_sigint, SIGINT);
  T.started = 1;
  return 0;
}

int term_interactive(void) {
  return T.started && T.interactive;
}

/* In plain mode the prompt is printed only when stdout is a terminal: then
** a person is watching (repl < file), while output piped to a file or a
** test stays exactly what the program wrote. */
void term_read(const char *prompt) {
  char *p;
  if (!T.started || T.reading) return;  /* one read at a time */
  if ((p = strdup(prompt ? prompt : "")) != NULL) {
    free(T.prompt);
    T.prompt = p;
  }
  T.reading = 1;
  if (T.midline && (T.interactive ? T.tout == stdout : isatty(1)))
    putchar('\n');  /* output that ended mid-row: the prompt starts a row */
  T.midline = 0;
  if (T.interactive) {
    fflush(stdout);
    show_prompt();
    return;
  }
  if (isatty(1)) {
    for (p = T.prompt; *p; p++)  /* without libedit's \1 \2 markers */
      if (*p != RL_PROMPT_START_IGNORE && *p != RL_PROMPT_END_IGNORE)
        putchar(*p);
    fflush(stdout);
  }
  uv_idle_start(&T.idle, on_idle);  /* on_line never runs in term_read */
}

/* Blank lines and a repeat of the newest entry are not kept; lines read
** from a pipe or a file never reach the history. The file is rewritten
** each time (it is small) so that a crash loses nothing. */
void term_history_add(const char *line) {
  HIST_ENTRY *last;
  if (!T.started || !T.interactive || line == NULL) return;
  if (line[strspn(line, " \t\r\n")] == '\0') return;
  last = history_get(history_base + history_length - 1);
  if (last != NULL && last->line != NULL && strcmp(last->line, line) == 0)
    return;
  add_history(line);
  if (T.history != NULL) write_history(T.history);
}

static void close_handle(uv_handle_t *h) {
  if (h->loop != NULL && !uv_is_closing(h)) uv_close(h, NULL);
}

void term_stop(void) {
  if (!T.started) return;
  T.started = 0, T.stopped = 1;
  if (T.interactive) {
    if (T.reading) {
      hide_prompt();
      fputc('\n', T.tout);
    }
    if (T.history != NULL) write_history(T.history);
    restore_tty();
    close_handle((uv_handle_t *)&T.poll);
    close_handle((uv_handle_t *)&T.sigwinch);
    close_handle((uv_handle_t *)&T.sigcont);
  }
  else if (T.mode == IN_STREAM) close_handle(&T.in.h);
  else if (T.fsbusy) uv_cancel((uv_req_t *)&T.fsreq);
  if (T.fdflags != -1) fcntl(0, F_SETFL, T.fdflags);
  if (T.tout != NULL) fflush(T.tout);
  fflush(stdout);
  T.reading = 0;
  close_handle((uv_handle_t *)&T.idle);
  close_handle((uv_handle_t *)&T.sigint);
  free(T.buf), T.buf = NULL, T.len = T.cap = 0;
  free(T.prompt), T.prompt = NULL;
  free(T.history), T.history = NULL;
}

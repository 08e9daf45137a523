/*
** term.h: the interactive terminal. Line editing, history and completion come
** from libedit (its readline-compatible callback interface), driven by the
** libuv loop so that processes keep running while the learner types. Output
** written with term_write while a prompt is shown lands above the prompt and
** the half-typed line is redrawn under it.
*/
#ifndef TERM_H
#define TERM_H

#include <stddef.h>
#include <uv.h>

typedef struct term_events {
  void *ud;
  /* A whole line was entered (without its newline). line is NULL at EOF
  ** (Ctrl-D on an empty line). The prompt is gone until term_read again. */
  void (*on_line)(void *ud, const char *line);
  /* Ctrl-C. When a prompt is shown term clears the typed line itself and
  ** shows the prompt again; the callback is told either way. */
  void (*on_interrupt)(void *ud, int reading);
  /* Tab completion: for the word 'text' (which may contain '.' or ':'
  ** as in "string.up"), call add(ctx, candidate) for each full candidate. */
  void (*complete)(void *ud, const char *text,
                   void (*add)(void *ctx, const char *candidate), void *ctx);
} term_events;

/* Start on the loop. interactive is 1 when stdin is a TTY; otherwise lines
** are read plainly from stdin (no editing, no echo of prompts' redraws).
** history_path may be NULL. Returns 0, or -1 with a message on stderr. */
int term_start(uv_loop_t *loop, const term_events *ev, const char *history_path);

/* Show the prompt and read one line; on_line fires once when it is done. */
void term_read(const char *prompt);

/* Write output. While a prompt is shown, the prompt and the partial line are
** erased, s is written, and they are redrawn below it. */
void term_write(const char *s, size_t n);

/* Add a line to the history (and the history file). */
void term_history_add(const char *line);

/* Restore the terminal; write the history file. Safe to call twice. */
void term_stop(void);

#endif

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
  /* Ctrl-C. reading is 1 when a term_read was pending (in plain mode too):
  ** that read is over, with no on_line (a prompt shown is left on screen
  ** with what was typed, and the cursor goes to a new row); call term_read
  ** for the next line. reading is 0 while the shell evaluates. */
  void (*on_interrupt)(void *ud, int reading);
  /* Tab completion: for the word 'text' (which may contain '.' or ':'
  ** as in "string.up"), call add(ctx, candidate) for each full candidate. */
  void (*complete)(void *ud, const char *text,
                   void (*add)(void *ctx, const char *candidate), void *ctx);
} term_events;

/* Start on the loop. The terminal is interactive when stdin is a TTY and
** stdout (else stderr) is one to draw on; otherwise lines are read plainly
** from stdin (a pipe, a file, a socket; no editing, no history), and
** prompts are printed only if stdout is a TTY. Ctrl-C never kills the
** process once this has run. history_path may be NULL. Call once per
** process. Returns 0, or -1 with a message on stderr. */
int term_start(uv_loop_t *loop, const term_events *ev, const char *history_path);

/* Whether term_start found a person at a terminal (line editing is on). */
int term_interactive(void);

/* Show the prompt and read one line; on_line fires once when it is done,
** always from the loop, never from inside term_read. A call while a read
** is pending is ignored. Escape sequences (colours) in the prompt must be
** wrapped in \1 ... \2 so that they are not counted as columns. */
void term_read(const char *prompt);

/* Write output. While a prompt is shown, the prompt and the partial line are
** erased, s is written, and they are redrawn below it. */
void term_write(const char *s, size_t n);

/* Add a line to the history (and the history file). */
void term_history_add(const char *line);

/* Restore the terminal; write the history file; close term's handles (so
** call it while the loop can still run them to their end). Safe to call
** twice. */
void term_stop(void);

#endif

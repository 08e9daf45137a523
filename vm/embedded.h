/* embedded.h: Lua modules compiled into the binary (see tools/embed.c). */
#ifndef EMBEDDED_H
#define EMBEDDED_H
#include <stddef.h>

typedef struct embedded_module {
  const char *name;   /* module name as require() sees it, e.g. "repl.shell" */
  const char *src;
  size_t len;
} embedded_module;

extern const embedded_module embedded_modules[];

#endif

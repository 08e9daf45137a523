/*
** pidmap.c: live processes by their numbers, for a pid of ours that comes
** back from another node. A chained hash table in C (the chain runs
** through vm_proc.hnext): cheaper at spawn and exit than a Lua table, and
** the garbage collector never has to look at it.
*/
#include <stdlib.h>
#include "internal.h"

static size_t slot(const vm *v, uint32_t id) {
  return (size_t)(id * 2654435761u) & (v->pm_size - 1);
}

static void grow(vm *v) {
  size_t i, n = v->pm_size ? v->pm_size * 2 : 1024;
  vm_proc **b = calloc(n, sizeof *b), **old = v->pm;
  size_t oldn = v->pm_size;
  if (b == NULL) return;        /* keep the old table: only slower */
  v->pm = b;
  v->pm_size = n;
  for (i = 0; i < oldn; i++) {
    vm_proc *p = old[i], *next;
    for (; p; p = next) {
      size_t s = slot(v, p->num.id);
      next = p->hnext;
      p->hnext = b[s];
      b[s] = p;
    }
  }
  free(old);
}

void pidmap_add(vm *v, vm_proc *p) {
  size_t s;
  if ((size_t)v->live >= v->pm_size) grow(v);
  if (v->pm == NULL) return;
  s = slot(v, p->num.id);
  p->hnext = v->pm[s];
  v->pm[s] = p;
}

void pidmap_remove(vm *v, vm_proc *p) {
  vm_proc **pp;
  if (v->pm == NULL) return;
  for (pp = &v->pm[slot(v, p->num.id)]; *pp; pp = &(*pp)->hnext)
    if (*pp == p) { *pp = p->hnext; return; }
}

vm_proc *pidmap_find(vm *v, uint32_t id, uint32_t serial) {
  vm_proc *p;
  if (v->pm == NULL) return NULL;
  for (p = v->pm[slot(v, id)]; p; p = p->hnext)
    if (p->num.id == id && p->num.serial == serial) return p;
  return NULL;
}

void pidmap_free(vm *v) {
  free(v->pm);
  v->pm = NULL;
  v->pm_size = 0;
}

/* xalloc.h - allocation helpers that abort on failure (style rule 6). */
#ifndef MOTCUA_XALLOC_H
#define MOTCUA_XALLOC_H

#include <stddef.h>

/* Allocate n bytes; aborts the process when memory is exhausted. Caller frees. */
void *xmalloc(size_t n);
/* Allocate and zero count*size bytes; aborts on overflow or exhaustion. Caller frees. */
void *xcalloc(size_t count, size_t size);
/* Resize p to n bytes; aborts on exhaustion. Caller frees the result. */
void *xrealloc(void *p, size_t n);
/* Copy a NUL-terminated string; NULL gives NULL. Caller frees. */
char *xstrdup(const char *s);
/* Copy at most n bytes of s and NUL-terminate. Caller frees. */
char *xstrndup(const char *s, size_t n);

/* Make jansson allocate through xmalloc (abort on exhaustion) and free. Call once at start-up
 * before any json_t exists (main, the unit test harness and the fuzz targets do). */
void xalloc_json_init(void);

#endif

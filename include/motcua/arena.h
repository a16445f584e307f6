/* arena.h - bump allocator for memory tied to one request or one job (style rule 7).
 * Everything allocated from an arena is released at once by arena_free(). */
#ifndef MOTCUA_ARENA_H
#define MOTCUA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Create an empty arena. Caller frees it with arena_free(). Aborts on exhaustion. */
struct arena *arena_new(void);
/* Allocate n bytes aligned for any type; memory is zeroed. Owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy a string into the arena; NULL gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* Copy n bytes of s into the arena and NUL-terminate. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Format into arena memory (printf rules). */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);
/* Release every block and the arena itself; NULL is allowed. */
void arena_free(struct arena *a);

#endif

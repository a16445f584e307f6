/* xalloc.c - allocation helpers that abort on failure. */
#include "motcua/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Print a message and abort: the only sane reaction to exhausted memory. */
static void out_of_memory(size_t n)
{
	fprintf(stderr, "motcua: out of memory allocating %zu bytes\n", n);
	abort();
}

/* See xalloc.h. */
void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

/* See xalloc.h. */
void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

/* See xalloc.h. */
void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

/* See xalloc.h. */
char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	return xstrndup(s, strlen(s));
}

/* See xalloc.h. */
char *xstrndup(const char *s, size_t n)
{
	size_t len = 0;
	while (len < n && s[len])
		len++;
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* See xalloc.h. */
void xalloc_json_init(void)
{
	json_set_alloc_funcs(xmalloc, free);
}

/* buf.c - growable byte buffer. */
#include "motcua/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

/* See buf.h. */
void buf_reserve(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* See buf.h. */
void buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* See buf.h. */
void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/* See buf.h. */
void buf_putc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* See buf.h. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* See buf.h. */
void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* See buf.h. */
void buf_put_html(struct buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

/* See buf.h. */
void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* See buf.h. */
const char *buf_str(struct buf *b)
{
	if (!b->data)
		buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

/* See buf.h. */
char *buf_steal(struct buf *b)
{
	buf_str(b);
	char *p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/* See buf.h. */
void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

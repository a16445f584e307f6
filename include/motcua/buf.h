/* buf.h - growable byte buffer, always NUL-terminated after data[len]. */
#ifndef MOTCUA_BUF_H
#define MOTCUA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NULL until the first append; then NUL-terminated */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes. Aborts on exhaustion. */
void buf_reserve(struct buf *b, size_t n);
/* Append n bytes from p. */
void buf_append(struct buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);
/* Append one byte. */
void buf_putc(struct buf *b, char c);
/* Append formatted text (printf rules). */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append formatted text from a va_list. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Append s with HTML escaping of & < > " ' . */
void buf_put_html(struct buf *b, const char *s, size_t n);
/* Forget the contents but keep the memory. */
void buf_reset(struct buf *b);
/* Return the contents as a NUL-terminated string (never NULL); valid until the next append. */
const char *buf_str(struct buf *b);
/* Take ownership of the data (caller frees; never NULL) and reset b to empty. */
char *buf_steal(struct buf *b);
/* Free the memory and reset to empty. */
void buf_free(struct buf *b);

#endif

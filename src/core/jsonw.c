/* jsonw.c - flat JSON objects printed exactly like jansson's compact, sorted dump. */
#include "motcua/jsonw.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/text.h"

/* See jsonw.h. */
void jsonw_init(struct jsonw *w)
{
	w->n = 0;
}

/* The member for key, added (type unset) when missing. Aborts past JSONW_MAX. */
static struct jsonw_member *member(struct jsonw *w, const char *key)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->m[i].key, key))
			return &w->m[i];
	if (w->n == JSONW_MAX)
		abort();
	struct jsonw_member *m = &w->m[w->n++];
	m->key = key;
	return m;
}

/* See jsonw.h. */
void jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
	struct jsonw_member *m = member(w, key);
	m->type = JW_INT;
	m->i = v;
	m->s = NULL;
}

/* See jsonw.h. */
void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
	struct jsonw_member *m = member(w, key);
	m->type = JW_BOOL;
	m->i = v;
	m->s = NULL;
}

/* See jsonw.h. */
bool jsonw_str(struct jsonw *w, const char *key, const char *v)
{
	if (!v || !utf8_valid(v, strlen(v)))
		return false;
	struct jsonw_member *m = member(w, key);
	m->type = JW_STR;
	m->i = 0;
	m->s = v;
	return true;
}

/* See jsonw.h. */
bool jsonw_digits(struct jsonw *w, const char *key, const char *digits)
{
	if (!digits)
		return false;
	for (const char *p = digits; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	struct jsonw_member *m = member(w, key);
	m->type = JW_DIGITS;
	m->i = 0;
	m->s = digits;
	return true;
}

/* See jsonw.h. */
void jsonw_put_int(struct buf *out, int64_t v)
{
	char tmp[24];
	int n = sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--n] = '-';
	buf_append(out, tmp + n, sizeof(tmp) - (size_t)n);
}

/* See jsonw.h. */
void jsonw_put_string(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_putc(out, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(out, run, (size_t)(p - run));
		if (!c)
			break;
		char esc[6] = { '\\', 0 };
		size_t n = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		buf_append(out, esc, n);
		run = p + 1;
	}
	buf_putc(out, '"');
}

/* See jsonw.h. Keys are few (< JSONW_MAX): an insertion sort of indexes. */
void jsonw_dump(const struct jsonw *w, struct buf *out)
{
	int order[JSONW_MAX];
	for (int i = 0; i < w->n; i++) {
		int j = i;
		for (; j > 0 && strcmp(w->m[order[j - 1]].key, w->m[i].key) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	buf_putc(out, '{');
	for (int k = 0; k < w->n; k++) {
		const struct jsonw_member *m = &w->m[order[k]];
		if (k)
			buf_putc(out, ',');
		jsonw_put_string(out, m->key);
		buf_putc(out, ':');
		switch (m->type) {
		case JW_INT:
			jsonw_put_int(out, m->i);
			break;
		case JW_BOOL:
			buf_puts(out, m->i ? "true" : "false");
			break;
		case JW_DIGITS:
			buf_putc(out, '[');
			for (const char *p = m->s; *p; p++) {
				if (p != m->s)
					buf_putc(out, ',');
				buf_putc(out, *p);
			}
			buf_putc(out, ']');
			break;
		case JW_STR:
		case JW__MAX:
			jsonw_put_string(out, m->s ? m->s : "");
			break;
		}
	}
	buf_putc(out, '}');
}

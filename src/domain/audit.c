/* audit.c - hash chain of the event log: canonical content, hashing and verification. */
#include "motcua/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>


/* The canonical text is fed to BLAKE2b through a small buffer: no allocation, no printf
 * (event_hash runs once per event on the engine's hot path). */
struct hash_out {
	crypto_generichash_state st;
	unsigned char buf[512];
	size_t len;
};

/* Hash what is buffered. */
static void out_flush(struct hash_out *o)
{
	crypto_generichash_update(&o->st, o->buf, o->len);
	o->len = 0;
}

/* Append n bytes. */
static void out_put(struct hash_out *o, const void *p, size_t n)
{
	if (o->len + n > sizeof(o->buf)) {
		out_flush(o);
		if (n > sizeof(o->buf)) {
			crypto_generichash_update(&o->st, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Append one byte. */
static void out_putc(struct hash_out *o, char c)
{
	if (o->len == sizeof(o->buf))
		out_flush(o);
	o->buf[o->len++] = (unsigned char)c;
}

/* Append v in decimal followed by a comma. */
static void out_int(struct hash_out *o, int64_t v)
{
	char tmp[24];
	int n = sizeof(tmp);
	tmp[--n] = ',';
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--n] = '-';
	out_put(o, tmp + n, sizeof(tmp) - (size_t)n);
}

/* Append s as a JSON string: quotes, backslash and control characters escaped (control
 * characters always as \u00xx, lower-case hex), other bytes (UTF-8) as they are. NULL
 * appends null. */
static void out_string(struct hash_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		out_put(o, "null", 4);
		return;
	}
	out_putc(o, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		out_put(o, run, (size_t)(p - run));
		if (!c)
			break;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			out_put(o, esc, 2);
		} else {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			out_put(o, esc, 6);
		}
		run = p + 1;
	}
	out_putc(o, '"');
}

/* See audit.h. */
void event_hash(const struct event_row *r, unsigned char out[32])
{
	struct hash_out o;
	crypto_generichash_init(&o.st, NULL, 0, 32);
	crypto_generichash_update(&o.st, r->prev_hash, 32);
	o.len = 0;
	out_putc(&o, '[');
	out_int(&o, r->id);
	out_int(&o, r->dossier_id);
	out_int(&o, r->seq);
	out_int(&o, r->at);
	if (r->actor_id)
		out_int(&o, r->actor_id);
	else
		out_put(&o, "null,", 5);
	out_string(&o, r->actor_role);
	out_putc(&o, ',');
	out_string(&o, r->kind);
	out_putc(&o, ',');
	out_string(&o, r->from);
	out_putc(&o, ',');
	out_string(&o, r->to);
	out_putc(&o, ',');
	out_string(&o, r->note ? r->note : "");
	out_putc(&o, ',');
	const char *data = r->data && *r->data ? r->data : "{}";
	out_put(&o, data, strlen(data));
	out_putc(&o, ']');
	out_flush(&o);
	crypto_generichash_final(&o.st, out, 32);
}

struct verify_ctx {
	unsigned char prev[32];
	int64_t rows;
	struct audit_break *broken;
};

/* Check one row against the running chain; stop at the first break. */
static bool verify_row(void *ctx, const struct event_row *r, int64_t unit_id,
		       int64_t procedure_id, const char *code)
{
	(void)unit_id;
	(void)procedure_id;
	struct verify_ctx *v = ctx;
	v->rows++;
	const char *what = NULL;
	unsigned char h[32];
	if (memcmp(r->prev_hash, v->prev, 32) != 0) {
		what = "prev_hash";
	} else {
		event_hash(r, h);
		if (memcmp(h, r->hash, 32) != 0)
			what = "hash";
	}
	if (what) {
		v->broken->id = r->id;
		v->broken->seq = r->seq;
		snprintf(v->broken->code, sizeof(v->broken->code), "%s", code);
		v->broken->what = what;
		return false;
	}
	memcpy(v->prev, r->hash, 32);
	return true;
}

/* See audit.h. */
enum err audit_verify(struct db *db, int64_t *rows, struct audit_break *broken)
{
	struct verify_ctx v;
	memset(&v, 0, sizeof(v));
	memset(broken, 0, sizeof(*broken));
	v.broken = broken;
	enum err e = event_store_each(db, false, verify_row, &v);
	*rows = v.rows;
	return e;
}

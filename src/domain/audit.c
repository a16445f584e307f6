/* audit.c - hash chain of the event log: canonical content, hashing and verification. */
#include "motcua/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "motcua/buf.h"

/* Append s as a JSON string: quotes, backslash and control characters escaped, other bytes
 * (UTF-8) as they are. NULL appends null. */
static void put_json_string(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* See audit.h. */
void event_hash(const struct event_row *r, unsigned char out[32])
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "[%" PRId64 ",%" PRId64 ",%d,%" PRId64 ",", r->id, r->dossier_id, r->seq,
		   r->at);
	if (r->actor_id)
		buf_printf(&b, "%" PRId64 ",", r->actor_id);
	else
		buf_puts(&b, "null,");
	put_json_string(&b, r->actor_role);
	buf_putc(&b, ',');
	put_json_string(&b, r->kind);
	buf_putc(&b, ',');
	put_json_string(&b, r->from);
	buf_putc(&b, ',');
	put_json_string(&b, r->to);
	buf_putc(&b, ',');
	put_json_string(&b, r->note ? r->note : "");
	buf_putc(&b, ',');
	buf_puts(&b, r->data && *r->data ? r->data : "{}");
	buf_putc(&b, ']');
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, r->prev_hash, 32);
	crypto_generichash_update(&st, (const unsigned char *)b.data, b.len);
	crypto_generichash_final(&st, out, 32);
	buf_free(&b);
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

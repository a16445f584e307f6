/* admin_audit.c - the administrative record and the personal-data view record: canonical
 * content, hash chaining, recording and verification (docs/accountability.md). */
#include "motcua/admin_audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "motcua/admin_audit_store.h"
#include "motcua/buf.h"
#include "motcua/log.h"

/* Seconds within which a second view of the same dossier by the same viewer adds nothing. */
#define VIEW_THROTTLE 60

/* Append s as a JSON string with the event log's rules (audit.c): quotes, backslash and
 * control characters escaped (controls as \u00xx, lower-case hex), other bytes as they are;
 * NULL appends null. Then a comma when comma is set. */
static void put_string(struct buf *b, const char *s, bool comma)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		buf_puts(b, "null");
	} else {
		buf_putc(b, '"');
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if (*p == '"' || *p == '\\') {
				buf_putc(b, '\\');
				buf_putc(b, (char)*p);
			} else if (*p < 0x20) {
				char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
				buf_append(b, esc, 6);
			} else {
				buf_putc(b, (char)*p);
			}
		}
		buf_putc(b, '"');
	}
	if (comma)
		buf_putc(b, ',');
}

/* Append v, or null when zero, then a comma. */
static void put_id(struct buf *b, int64_t v)
{
	if (v)
		buf_printf(b, "%" PRId64 ",", v);
	else
		buf_puts(b, "null,");
}

/* BLAKE2b-256 of prev || text. */
static void chain_hash(const unsigned char prev[32], const struct buf *text, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, prev, 32);
	crypto_generichash_update(&st, (const unsigned char *)text->data, text->len);
	crypto_generichash_final(&st, out, 32);
}

/* Hash of an admin_audit row from its prev_hash and the canonical content: the compact JSON
 * array [id, at, actor_id|null, action, target, before|null, after|null] where before and
 * after are the stored JSON text as it is. */
static void audit_row_hash(const struct admin_audit_row *r, unsigned char out[32])
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "[%" PRId64 ",%" PRId64 ",", r->id, r->at);
	put_id(&b, r->actor_id);
	put_string(&b, r->action, true);
	put_string(&b, r->target, true);
	buf_puts(&b, r->before ? r->before : "null");
	buf_putc(&b, ',');
	buf_puts(&b, r->after ? r->after : "null");
	buf_putc(&b, ']');
	chain_hash(r->prev_hash, &b, out);
	buf_free(&b);
}

/* Hash of a view_log row: [id, at, viewer_id, unit_id|null, dossier_id, what]. */
static void view_row_hash(const struct view_log_row *r, unsigned char out[32])
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "[%" PRId64 ",%" PRId64 ",%" PRId64 ",", r->id, r->at, r->viewer_id);
	put_id(&b, r->unit_id);
	buf_printf(&b, "%" PRId64 ",", r->dossier_id);
	put_string(&b, r->what, false);
	buf_putc(&b, ']');
	chain_hash(r->prev_hash, &b, out);
	buf_free(&b);
}

/* Compact JSON with sorted keys of v, or NULL for NULL (caller frees). */
static char *canonical_json(const json_t *v)
{
	if (!v)
		return NULL;
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* See admin_audit.h. */
enum err admin_audit_record(struct db *db, const struct admin_change *c)
{
	if (!c || !c->action || !*c->action || !c->target || !*c->target)
		return E_INVALID;
	struct admin_audit_row r;
	memset(&r, 0, sizeof(r));
	enum err e = admin_audit_store_tip(db, false, &r.id, r.prev_hash);
	if (e != E_OK)
		return e;
	r.id++;
	r.at = c->at ? c->at : (int64_t)time(NULL);
	r.actor_id = c->actor_id;
	r.action = c->action;
	r.target = c->target;
	char *before = canonical_json(c->before), *after = canonical_json(c->after);
	r.before = before;
	r.after = after;
	audit_row_hash(&r, r.hash);
	e = admin_audit_store_insert(db, &r);
	free(before);
	free(after);
	return e == E_CONFLICT ? E_DB : e;
}

/* Append one view row (inside a transaction), unless the same viewer saw the same dossier
 * within VIEW_THROTTLE seconds. */
static enum err view_insert(struct db *db, int64_t viewer_id, int64_t dossier_id,
			    const char *what, int64_t at)
{
	bool recent;
	enum err e = view_log_store_recent(db, viewer_id, dossier_id, at - VIEW_THROTTLE + 1,
					   &recent);
	if (e != E_OK || recent)
		return e;
	struct view_log_row r;
	memset(&r, 0, sizeof(r));
	e = admin_audit_store_tip(db, true, &r.id, r.prev_hash);
	if (e != E_OK)
		return e;
	e = view_log_store_viewer_unit(db, viewer_id, &r.unit_id);
	if (e != E_OK)
		return e == E_NOTFOUND ? E_INVALID : e;
	r.id++;
	r.at = at;
	r.viewer_id = viewer_id;
	r.dossier_id = dossier_id;
	r.what = what;
	view_row_hash(&r, r.hash);
	e = view_log_store_insert(db, &r);
	return e == E_CONFLICT ? E_INVALID : e;
}

/* See admin_audit.h. */
enum err view_log_record(struct db *db, int64_t viewer_id, int64_t dossier_id, const char *what,
			 int64_t at)
{
	if (viewer_id <= 0 || dossier_id <= 0 || !what || !*what)
		return E_INVALID;
	if (!at)
		at = (int64_t)time(NULL);
	if (db_in_transaction(db))
		return view_insert(db, viewer_id, dossier_id, what, at);
	enum err e = db_begin(db);
	if (e != E_OK)
		return e;
	e = view_insert(db, viewer_id, dossier_id, what, at);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* See admin_audit.h. */
void view_log_staff(struct db *db, int64_t viewer_id, enum role role, int64_t dossier_id,
		    const char *what)
{
	if (role != ROLE_CLERK && role != ROLE_SPECIALIST && role != ROLE_LEADER &&
	    role != ROLE_ADMIN)
		return;
	enum err e = view_log_record(db, viewer_id, dossier_id, what, 0);
	if (e != E_OK)
		log_error("view log: user %lld, dossier %lld, %s: %s", (long long)viewer_id,
			  (long long)dossier_id, what, err_name(e));
}

/* See admin_audit.h. */
enum err view_log_record_many(struct db *db, int64_t viewer_id, const int64_t *dossier_ids,
			      size_t n, const char *what, int64_t at)
{
	if (viewer_id <= 0 || !what || !*what || db_in_transaction(db))
		return E_INVALID;
	if (!at)
		at = (int64_t)time(NULL);
	for (size_t i = 0; i < n;) {
		enum err e = db_begin(db);
		if (e != E_OK)
			return e;
		size_t end = n - i > VIEW_LOG_BATCH ? i + VIEW_LOG_BATCH : n;
		for (; i < end && e == E_OK; i++)
			if (dossier_ids[i] > 0)
				e = view_insert(db, viewer_id, dossier_ids[i], what, at);
		if (e != E_OK) {
			db_rollback(db);
			return e;
		}
		if ((e = db_commit(db)) != E_OK)
			return e;
	}
	return E_OK;
}

/* See admin_audit.h. */
enum err view_log_for_dossier(struct db *db, int64_t dossier_id, int limit, json_t **out)
{
	struct view_log_entry *v;
	int n;
	*out = NULL;
	enum err e = view_log_store_for_dossier(db, dossier_id, limit > 0 ? limit : 100, &v, &n);
	if (e != E_OK)
		return e;
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s}", "at", (json_int_t)v[i].at,
						   "viewer", v[i].viewer, "unit", v[i].unit,
						   "what", v[i].what));
	view_log_entries_free(v, n);
	*out = a;
	return E_OK;
}

struct verify_ctx {
	unsigned char prev[32];
	int64_t rows;
	struct admin_audit_break *broken;
	const char *table;
};

/* Check the link and hash of one row; on a break, name it and stop. */
static bool check_link(struct verify_ctx *v, int64_t id, const unsigned char prev_hash[32],
		       const unsigned char stored[32], const unsigned char computed[32])
{
	v->rows++;
	const char *what = NULL;
	if (memcmp(prev_hash, v->prev, 32) != 0)
		what = "prev_hash";
	else if (memcmp(computed, stored, 32) != 0)
		what = "hash";
	if (what) {
		v->broken->id = id;
		v->broken->table = v->table;
		v->broken->what = what;
		return false;
	}
	memcpy(v->prev, stored, 32);
	return true;
}

/* Verify one admin_audit row. */
static bool verify_audit_row(void *ctx, const struct admin_audit_row *r)
{
	unsigned char h[32];
	audit_row_hash(r, h);
	return check_link(ctx, r->id, r->prev_hash, r->hash, h);
}

/* Verify one view_log row. */
static bool verify_view_row(void *ctx, const struct view_log_row *r)
{
	unsigned char h[32];
	view_row_hash(r, h);
	return check_link(ctx, r->id, r->prev_hash, r->hash, h);
}

/* See admin_audit.h. */
enum err admin_audit_verify(struct db *db, int64_t *rows, struct admin_audit_break *broken)
{
	struct verify_ctx v;
	memset(&v, 0, sizeof(v));
	memset(broken, 0, sizeof(*broken));
	v.broken = broken;
	v.table = "admin_audit";
	enum err e = admin_audit_store_each(db, verify_audit_row, &v);
	if (e == E_OK && !broken->id) {
		memset(v.prev, 0, 32);
		v.table = "view_log";
		e = view_log_store_each(db, verify_view_row, &v);
	}
	*rows = v.rows;
	return e;
}

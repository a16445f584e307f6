/* event_store.c - the append-only event log (dossier_events). */
#include "motcua/dossier_store.h"
#include "db_sql.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

static const char sql_last[] = "SELECT id, hash FROM dossier_events ORDER BY id DESC LIMIT 1";

/* See dossier_store.h. */
enum err event_store_last(struct db *db, int64_t *id, unsigned char hash[32])
{
	return db_chain_tip(db, sql_last, "last event", id, hash);
}

static const char sql_insert[] =
	"INSERT INTO dossier_events (id, dossier_id, seq, at, actor_id, actor_role, kind, "
	"from_status, to_status, note, data, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* See dossier_store.h. */
enum err event_store_insert(struct db *db, const struct event_row *r)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->dossier_id);
	sqlite3_bind_int(st, 3, r->seq);
	sqlite3_bind_int64(st, 4, r->at);
	if (r->actor_id)
		sqlite3_bind_int64(st, 5, r->actor_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, r->actor_role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->kind, -1, SQLITE_STATIC);
	if (r->from)
		sqlite3_bind_text(st, 8, r->from, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_text(st, 9, r->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->note ? r->note : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, r->data ? r->data : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, r->prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 13, r->hash, 32, SQLITE_STATIC);
	return db_step_done(db, st);
}

#define EVENT_COLS \
	"e.id, e.dossier_id, e.seq, e.at, e.actor_id, e.actor_role, e.kind, e.from_status, " \
	"e.to_status, e.note, e.data, e.prev_hash, e.hash, d.unit_id, d.procedure_id, d.code"
static const char sql_each_id[] =
	"SELECT " EVENT_COLS " FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
	"ORDER BY e.id";
static const char sql_each_dossier[] =
	"SELECT " EVENT_COLS " FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
	"ORDER BY e.dossier_id, e.seq";
static const char sql_each_of[] =
	"SELECT " EVENT_COLS " FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
	"WHERE e.dossier_id = ? ORDER BY e.seq";

typedef bool (*each_fn)(void *ctx, const struct event_row *r, int64_t unit_id,
			int64_t procedure_id, const char *code);

/* Step st to the end, calling fn per row. */
static enum err run_each(struct db *db, sqlite3_stmt *st, each_fn fn, void *ctx)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event_row r;
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.dossier_id = sqlite3_column_int64(st, 1);
		r.seq = sqlite3_column_int(st, 2);
		r.at = sqlite3_column_int64(st, 3);
		r.actor_id = sqlite3_column_int64(st, 4);
		r.actor_role = db_col_text(st, 5);
		r.kind = db_col_text(st, 6);
		r.from = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : db_col_text(st, 7);
		r.to = db_col_text(st, 8);
		r.note = db_col_text(st, 9);
		r.data = db_col_text(st, 10);
		if (sqlite3_column_bytes(st, 11) == 32)
			memcpy(r.prev_hash, sqlite3_column_blob(st, 11), 32);
		if (sqlite3_column_bytes(st, 12) == 32)
			memcpy(r.hash, sqlite3_column_blob(st, 12), 32);
		if (!fn(ctx, &r, sqlite3_column_int64(st, 13), sqlite3_column_int64(st, 14),
			db_col_text(st, 15)))
			break;
	}
	bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
	sqlite3_reset(st);
	return failed ? db_fail(db, "events") : E_OK;
}

/* See dossier_store.h. */
enum err event_store_each(struct db *db, bool order_by_dossier, each_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, order_by_dossier ? sql_each_dossier : sql_each_id);
	if (!st)
		return E_DB;
	return run_each(db, st, fn, ctx);
}

/* See dossier_store.h. */
enum err event_store_each_of(struct db *db, int64_t dossier_id, each_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_each_of);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, dossier_id);
	return run_each(db, st, fn, ctx);
}

static const char sql_between[] =
	"SELECT DISTINCT dossier_id FROM dossier_events WHERE at BETWEEN ? AND ? ORDER BY 1";

/* See dossier_store.h. */
enum err event_store_dossiers_between(struct db *db, int64_t a, int64_t b, int64_t **ids, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_between);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	return db_int_list(db, st, "events between", ids, n);
}

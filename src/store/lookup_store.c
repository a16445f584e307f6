/* lookup_store.c - SQL behind the public status lookup. */
#include "motcua/lookup_store.h"

#include "db_sql.h"

static const char SQL_DOSSIER_BY_CODE[] =
	"SELECT d.id, d.code, d.status, d.channel, d.applicant_name, p.code, p.name, u.name, "
	"d.received_at, d.due_at, d.finished_at, d.promised_at, d.lookup_hash "
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
	"JOIN units u ON u.id = d.unit_id WHERE d.code = ?1";
static const char SQL_EVENTS_OF[] =
	"SELECT at, kind, to_status, note FROM dossier_events WHERE dossier_id = ?1 ORDER BY seq";

/* Column as an instant, LOOKUP_NO_TIME when NULL. */
static int64_t time_or_none(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return LOOKUP_NO_TIME;
	return sqlite3_column_int64(st, col);
}

/* See lookup_store.h. */
enum err lookup_store_dossier(struct db *db, const char *code,
			      void (*fn)(void *ctx, const struct lookup_row *r), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DOSSIER_BY_CODE);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "lookup");
	}
	/* The blob before its length, as SQLite asks. */
	const unsigned char *hash = sqlite3_column_blob(st, 12);
	size_t hash_len = (size_t)sqlite3_column_bytes(st, 12);
	struct lookup_row r = {
		.id = sqlite3_column_int64(st, 0),
		.code = db_col_text(st, 1),
		.status = db_col_text(st, 2),
		.channel = db_col_text(st, 3),
		.applicant_name = db_col_text(st, 4),
		.procedure_code = db_col_text(st, 5),
		.procedure_name = db_col_text(st, 6),
		.unit_name = db_col_text(st, 7),
		.received_at = time_or_none(st, 8),
		.due_at = time_or_none(st, 9),
		.finished_at = time_or_none(st, 10),
		.promised_at = time_or_none(st, 11),
		.lookup_hash = hash,
		.lookup_hash_len = hash_len,
	};
	fn(ctx, &r);
	sqlite3_reset(st);
	return E_OK;
}

/* See lookup_store.h. */
enum err lookup_store_events(struct db *db, int64_t dossier_id,
			     void (*fn)(void *ctx, const struct lookup_event *ev), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_EVENTS_OF);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lookup_event ev = {
			.at = sqlite3_column_int64(st, 0),
			.kind = db_col_text(st, 1),
			.to_status = db_col_text(st, 2),
			.note = db_col_text(st, 3),
		};
		fn(ctx, &ev);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "lookup events");
}

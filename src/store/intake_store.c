/* intake_store.c - SQL of the intake and results-ready queues, counter intake tokens. */
#include "motcua/intake_store.h"

#include <stdio.h>
#include <string.h>

#include "db_sql.h"

#define QUEUE_COLUMNS                                                                         \
	"SELECT d.id, d.unit_id, coalesce(d.submitted_at, 0), coalesce(d.finished_at, 0), "    \
	"d.code, d.status, d.channel, d.applicant_name, coalesce(d.result_channel, ''), "      \
	"coalesce(d.delivery_address, ''), p.code, p.name, d.digitised "                      \
	"FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
/* ?1, ?2: the statuses; ?3: the subtree's root path. The units of a subtree are few; each is
 * one range of dossiers_queue (status, unit_id, submitted_at). */
#define QUEUE_WHERE                                                                           \
	"WHERE d.status IN (?1, ?2) AND d.unit_id IN "                                        \
	"(SELECT id FROM units WHERE path LIKE ?3 || '%') "
static const char SQL_INTAKE[] = QUEUE_COLUMNS QUEUE_WHERE
	"ORDER BY d.submitted_at, d.id LIMIT ?4 OFFSET ?5";
static const char SQL_READY[] = QUEUE_COLUMNS QUEUE_WHERE
	"ORDER BY d.finished_at, d.id LIMIT ?4 OFFSET ?5";
static const char SQL_COUNT[] = "SELECT count(*) FROM dossiers d " QUEUE_WHERE;
static const char SQL_TOKEN_CLAIM[] =
	"INSERT INTO intake_tokens (token, clerk_id, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_TOKEN_GET[] =
	"SELECT coalesce(t.dossier_id, 0), coalesce(d.code, '') FROM intake_tokens t "
	"LEFT JOIN dossiers d ON d.id = t.dossier_id WHERE t.token = ?1";
static const char SQL_TOKEN_DONE[] = "UPDATE intake_tokens SET dossier_id = ?2 WHERE token = ?1";
static const char SQL_TOKEN_RELEASE[] =
	"DELETE FROM intake_tokens WHERE token = ?1 AND dossier_id IS NULL";
static const char SQL_SET_DELIVERY[] =
	"UPDATE dossiers SET result_channel = ?2, delivery_address = ?3 WHERE id = ?1";

/* Bind the statuses of kind and the root path. */
static void bind_queue(sqlite3_stmt *st, enum intake_queue_kind kind, const char *root_path)
{
	db_bind_text(st, 1, kind == IQ_READY ? "resolved" : "submitted");
	db_bind_text(st, 2, kind == IQ_READY ? "stopped" : "submitted");
	db_bind_text(st, 3, root_path ? root_path : "");
}

/* See intake_store.h. */
const char *intake_store_queue_sql(enum intake_queue_kind kind)
{
	return kind == IQ_READY ? SQL_READY : SQL_INTAKE;
}

/* See intake_store.h. */
enum err intake_store_queue(struct db *db, enum intake_queue_kind kind, const char *root_path,
			    int limit, int offset, intake_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, intake_store_queue_sql(kind));
	if (!st)
		return E_DB;
	bind_queue(st, kind, root_path);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct intake_row r = {
			.id = sqlite3_column_int64(st, 0),
			.unit_id = sqlite3_column_int64(st, 1),
			.submitted_at = sqlite3_column_int64(st, 2),
			.finished_at = sqlite3_column_int64(st, 3),
			.code = db_col_text(st, 4),
			.status = db_col_text(st, 5),
			.channel = db_col_text(st, 6),
			.applicant_name = db_col_text(st, 7),
			.result_channel = db_col_text(st, 8),
			.delivery_address = db_col_text(st, 9),
			.procedure_code = db_col_text(st, 10),
			.procedure_name = db_col_text(st, 11),
			.digitised = sqlite3_column_int(st, 12) != 0,
		};
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "intake queue");
}

/* See intake_store.h. */
enum err intake_store_count(struct db *db, enum intake_queue_kind kind, const char *root_path,
			    int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);
	if (!st)
		return E_DB;
	bind_queue(st, kind, root_path);
	return db_int_step(db, st, n);
}

/* See intake_store.h. */
enum err intake_store_token_claim(struct db *db, const char *token, int64_t clerk_id,
				  int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_CLAIM);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, token);
	db_bind_int(st, 2, clerk_id);
	db_bind_int(st, 3, now);
	return db_step_done(db, st);
}

/* See intake_store.h. */
enum err intake_store_token_get(struct db *db, const char *token, int64_t *dossier_id,
				char *code, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_GET);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, token);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		*dossier_id = sqlite3_column_int64(st, 0);
		snprintf(code, n, "%s", db_col_text(st, 1));
	} else if (rc == SQLITE_DONE) {
		e = E_NOTFOUND;
	} else {
		e = db_fail(db, "intake token");
	}
	sqlite3_reset(st);
	return e;
}

/* See intake_store.h. */
enum err intake_store_token_done(struct db *db, const char *token, int64_t dossier_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_DONE);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, token);
	db_bind_int(st, 2, dossier_id);
	return db_step_done(db, st) == E_OK ? E_OK : E_DB;
}

/* See intake_store.h. */
enum err intake_store_token_release(struct db *db, const char *token)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_RELEASE);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, token);
	return db_step_done(db, st) == E_OK ? E_OK : E_DB;
}

/* See intake_store.h. */
enum err intake_store_set_delivery(struct db *db, int64_t id, const char *channel,
				   const char *address)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SET_DELIVERY);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, channel && *channel ? channel : NULL);
	db_bind_text(st, 3, address && *address ? address : NULL);
	return db_step_done(db, st) == E_OK ? E_OK : E_DB;
}

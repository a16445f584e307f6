/* slip_store.c - SQL of the statutory slips: staff names and the ledger (Form 06). */
#include "motcua/slip_store.h"
#include "db_sql.h"

#include <stdio.h>

static const char sql_user_name[] = "SELECT name FROM users WHERE id = ?1";

/* The subtree's units (path prefix, units_path), then each unit's dossiers in the period
 * (dossiers_unit_received), joined to procedures for the field. */
#define LEDGER_FROM                                                                      \
	" FROM units u JOIN dossiers d ON d.unit_id = u.id AND d.received_at >= ?2"      \
	" AND d.received_at < ?3 JOIN procedures p ON p.id = d.procedure_id"
#define LEDGER_WHERE " WHERE u.path >= ?1 AND u.path < ?1 || X'FF' AND p.field_id = ?4"

static const char sql_ledger[] =
	"SELECT d.id, d.code, d.applicant_name, p.name, coalesce(dep.name, ''), u.name,"
	" d.received_at, coalesce(d.due_at, 0), coalesce(d.finished_at, 0),"
	" coalesce(d.returned_at, 0)" LEDGER_FROM
	" LEFT JOIN units dep ON dep.id = d.department_id" LEDGER_WHERE
	" ORDER BY d.received_at, d.id LIMIT ?5 OFFSET ?6";
static const char sql_ledger_count[] = "SELECT count(*)" LEDGER_FROM LEDGER_WHERE;

/* See slip_store.h. */
enum err slip_store_user_name(struct db *db, int64_t id, char *out, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, sql_user_name);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "user name");
}

/* Bind the period and field shared by both ledger statements. */
static void bind_period(sqlite3_stmt *st, const char *root_path, int64_t field_id, int64_t from,
			int64_t to)
{
	db_bind_text(st, 1, root_path);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, field_id);
}

/* See slip_store.h. */
enum err slip_store_ledger(struct db *db, const char *root_path, int64_t field_id, int64_t from,
			   int64_t to, int offset, int limit,
			   bool (*fn)(void *ctx, const struct slip_ledger_row *r), void *ctx,
			   int64_t *total)
{
	sqlite3_stmt *st;
	if (total) {
		if (!(st = db_stmt(db, sql_ledger_count)))
			return E_DB;
		bind_period(st, root_path, field_id, from, to);
		enum err e = db_int_step(db, st, total);
		if (e == E_NOTFOUND)
			*total = 0;
		else if (e != E_OK)
			return e;
	}
	if (!(st = db_stmt(db, sql_ledger)))
		return E_DB;
	bind_period(st, root_path, field_id, from, to);
	db_bind_int(st, 5, limit);
	db_bind_int(st, 6, offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct slip_ledger_row r = {
			sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
			db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
			sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
			sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9),
		};
		if (!fn(ctx, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "ledger");
}

/* calendar_admin_store.c - SQL of the calendar administration page: one day's row, a year's
 * rows, and the open dossiers a change of a day may reschedule (docs/calendar-changes.md). */
#include <stdio.h>
#include <stdlib.h>

#include "motcua/calendar_store.h"
#include "db_sql.h"

static const char sql_get[] = "SELECT working, name, source FROM calendar WHERE day = ?1";
static const char sql_delete[] = "DELETE FROM calendar WHERE day = ?1";
static const char sql_range[] =
	"SELECT day, date, working, name, source FROM calendar WHERE day >= ?1 AND day < ?2 "
	"ORDER BY day";
/* The WHERE clauses repeat the partial indexes' (0011 dossiers_open_due; 0001 dossiers_status)
 * so the planner uses them: one index range per unit for the running dossiers. */
static const char sql_due_from[] =
	"SELECT id, unit_id, 0, due_at, waiting_since, step_due_at FROM dossiers "
	"WHERE unit_id IN (SELECT id FROM units) AND due_at >= ?1 "
	"AND (status = 'received' OR status = 'processing') "
	"UNION ALL "
	"SELECT id, unit_id, 1, due_at, waiting_since, step_due_at FROM dossiers "
	"WHERE (status = 'supplement' OR status = 'payment') AND due_at >= ?1 "
	"AND received_at IS NOT NULL AND finished_at IS NULL";

/* See calendar_store.h. */
enum err calendar_store_get(struct db *db, int64_t day, struct calendar_row *row, char *name,
			    unsigned long n_name, char *source, unsigned long n_source)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, day);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "calendar day");
	}
	row->day = day;
	row->date = NULL;
	row->working = sqlite3_column_int(st, 0) != 0;
	snprintf(name, n_name, "%s", db_col_text(st, 1));
	snprintf(source, n_source, "%s", db_col_text(st, 2));
	row->name = name;
	row->source = source;
	sqlite3_reset(st);
	return E_OK;
}

/* See calendar_store.h. */
enum err calendar_store_delete(struct db *db, int64_t day)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, day);
	return db_step_done(db, st);
}

/* See calendar_store.h. */
enum err calendar_store_each_range(struct db *db, int64_t d0, int64_t d1,
				   bool (*fn)(const struct calendar_row *row, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_range);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, d0);
	db_bind_int(st, 2, d1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct calendar_row row = {
			.day = sqlite3_column_int64(st, 0),
			.date = db_col_text(st, 1),
			.working = sqlite3_column_int(st, 2) != 0,
			.name = db_col_text(st, 3),
			.source = db_col_text(st, 4),
		};
		if (!fn(&row, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_fail(db, "calendar range");
}

/* db_collect reader: one candidate. */
static void read_candidate(sqlite3_stmt *st, void *row)
{
	struct due_candidate *c = row;
	c->id = sqlite3_column_int64(st, 0);
	c->unit_id = sqlite3_column_int64(st, 1);
	c->waiting = sqlite3_column_int(st, 2) != 0;
	c->due_at = sqlite3_column_int64(st, 3);
	c->waiting_since = sqlite3_column_int64(st, 4);
	c->step_due_at = sqlite3_column_int64(st, 5);
}

/* See calendar_store.h. */
enum err calendar_store_due_from(struct db *db, int64_t t, struct due_candidate **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_due_from);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, t);
	void *rows = NULL;
	enum err e = db_collect(db, st, sizeof(struct due_candidate), read_candidate, NULL, &rows,
				n, "calendar due");
	*out = rows;
	return e;
}

/* calendar_store.c - SQL for the `calendar` table. */
#include "motcua/calendar_store.h"
#include "db_sql.h"

static const char sql_each[] =
	"SELECT day, date, working, name, source FROM calendar ORDER BY day";
static const char sql_upsert[] =
	"INSERT INTO calendar (day, date, working, name, source) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (day) DO UPDATE SET date = excluded.date, working = excluded.working, "
	"name = excluded.name, source = excluded.source";
static const char sql_count[] = "SELECT count(*) FROM calendar";

/* See calendar_store.h. */
enum err calendar_store_each(struct db *db, bool (*fn)(const struct calendar_row *row, void *ctx),
			     void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_each);
	if (!st)
		return E_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct calendar_row row = {
			.day = sqlite3_column_int64(st, 0),
			.date = db_col_text(st, 1),
			.working = sqlite3_column_int(st, 2) != 0,
			.name = db_col_text(st, 3),
			.source = db_col_text(st, 4),
		};
		if (!fn(&row, ctx)) {
			sqlite3_reset(st);
			return E_OK;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "calendar select");
}

/* See calendar_store.h. */
enum err calendar_store_upsert(struct db *db, const struct calendar_row *row)
{
	sqlite3_stmt *st = db_stmt(db, sql_upsert);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, row->day);
	db_bind_text(st, 2, row->date);
	db_bind_int(st, 3, row->working ? 1 : 0);
	db_bind_text(st, 4, row->name ? row->name : "");
	db_bind_text(st, 5, row->source ? row->source : "");
	return db_step_done(db, st);
}

/* See calendar_store.h. */
int64_t calendar_store_count(struct db *db)
{
	int64_t n = -1;
	return db_int(db, sql_count, &n) == E_OK ? n : -1;
}

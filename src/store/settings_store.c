/* settings_store.c - SQL for the settings table. */
#include "motcua/settings_store.h"
#include "db_sql.h"

static const char sql_set[] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
			      "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_get[] = "SELECT value FROM settings WHERE key = ?1";

/* See settings_store.h. */
enum err settings_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, sql_set);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_step_done(db, st);
}

/* See settings_store.h. */
enum err settings_get(struct db *db, const char *key, struct buf *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		buf_puts(out, db_col_text(st, 0));
	else
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "settings");
	sqlite3_reset(st);
	return e;
}

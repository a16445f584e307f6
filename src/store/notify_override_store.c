/* notify_override_store.c - SQL for notify_overrides (migration 0017). */
#include "motcua/notify_override_store.h"
#include "db_sql.h"

#include <stdlib.h>

#include "motcua/xalloc.h"

static const char sql_get[] = "SELECT body FROM notify_overrides WHERE name = ?";

/* See notify_override_store.h. */
enum err notify_override_store_get(struct db *db, const char *name, char **text)
{
	*text = NULL;
	sqlite3_stmt *st = db_stmt(db, sql_get);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*text = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND
							: db_fail(db, "notify override");
}

static const char sql_put[] =
	"INSERT INTO notify_overrides (name, body, updated_at, updated_by) VALUES (?, ?, ?, ?) "
	"ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, "
	"updated_by = excluded.updated_by";

/* See notify_override_store.h. */
enum err notify_override_store_put(struct db *db, const char *name, const char *text,
				   int64_t now, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_put);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, text);
	sqlite3_bind_int64(st, 3, now);
	if (user_id)
		sqlite3_bind_int64(st, 4, user_id);
	return db_step_done(db, st) == E_OK ? E_OK : E_DB;
}

static const char sql_delete[] = "DELETE FROM notify_overrides WHERE name = ?";

/* See notify_override_store.h. */
enum err notify_override_store_delete(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	return db_step_done(db, st) == E_OK ? E_OK : E_DB;
}

static const char sql_names[] = "SELECT name FROM notify_overrides ORDER BY name";

/* Read one name. */
static void read_name(sqlite3_stmt *st, void *row)
{
	*(char **)row = xstrdup(db_col_text(st, 0));
}

/* Free one name. */
static void drop_name(void *row)
{
	free(*(char **)row);
}

/* See notify_override_store.h. */
enum err notify_override_store_names(struct db *db, char ***names, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_names);
	if (!st)
		return E_DB;
	return db_collect(db, st, sizeof(char *), read_name, drop_name, (void **)names, n,
			  "notify overrides");
}

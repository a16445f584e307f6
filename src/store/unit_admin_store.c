/* unit_admin_store.c - SQL of the units administration page: the tree of a subtree, closing a
 * unit, and the dossiers that move when it closes (docs/admin-units.md). */
#include <stdlib.h>

#include "motcua/unit_store.h"
#include "db_sql.h"

static const char sql_within[] =
	"SELECT u.id, coalesce(u.parent_id, 0), u.code, u.name, u.level, u.path, u.address, "
	"u.hours, coalesce(u.closed_at, 0), coalesce(r.code, '') FROM units u "
	"LEFT JOIN units r ON r.id = u.replaced_by "
	"WHERE substr(u.path, 1, length(?1)) = ?1 ORDER BY u.path";
static const char sql_close[] =
	"UPDATE units SET closed_at = ?2, replaced_by = nullif(?3, 0) WHERE id = ?1";
/* The WHERE repeats dossiers_status (status, unit_id): one index range per state. */
static const char sql_open[] =
	"SELECT id FROM dossiers WHERE unit_id = ?1 AND (status = 'submitted' OR "
	"status = 'received' OR status = 'processing' OR status = 'supplement' OR "
	"status = 'payment') ORDER BY id";
static const char sql_drafts[] =
	"UPDATE dossiers SET unit_id = ?2 WHERE unit_id = ?1 AND status = 'draft'";
static const char sql_changes[] = "SELECT changes()";

/* See unit_store.h. */
enum err unit_store_each_within(struct db *db, const char *root_path,
				bool (*fn)(const struct unit_list_row *row, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_within);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit_list_row r = {
			.id = sqlite3_column_int64(st, 0),
			.parent_id = sqlite3_column_int64(st, 1),
			.code = db_col_text(st, 2),
			.name = db_col_text(st, 3),
			.level = db_col_text(st, 4),
			.path = db_col_text(st, 5),
			.address = db_col_text(st, 6),
			.hours = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL
									   : db_col_text(st, 7),
			.closed_at = sqlite3_column_int64(st, 8),
			.replaced_by = db_col_text(st, 9),
		};
		if (!fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_fail(db, "units within");
}

/* See unit_store.h. */
enum err unit_store_close(struct db *db, int64_t id, int64_t closed_at, int64_t replaced_by)
{
	sqlite3_stmt *st = db_stmt(db, sql_close);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, closed_at);
	db_bind_int(st, 3, replaced_by);
	return db_step_done(db, st);
}

/* db_collect reader: one id. */
static void read_id(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* See unit_store.h. */
enum err unit_store_open_dossiers(struct db *db, int64_t id, int64_t **ids, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_open);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	void *rows = NULL;
	enum err e = db_collect(db, st, sizeof(int64_t), read_id, NULL, &rows, n, "open dossiers");
	*ids = rows;
	return e;
}

/* See unit_store.h. */
enum err unit_store_move_drafts(struct db *db, int64_t from, int64_t to, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_drafts);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		e = db_int(db, sql_changes, n);
	return e;
}

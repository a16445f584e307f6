/* unit_store.c - SQL for the `units` table. */
#include "motcua/unit_store.h"
#include "db_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

#define UNIT_COLS \
	"id, coalesce(parent_id, 0), code, name, level, path, address, hours, " \
	"coalesce(closed_at, 0), coalesce(replaced_by, 0)"

static const char sql_by_code[] = "SELECT " UNIT_COLS " FROM units WHERE code = ?1";
static const char sql_by_id[] = "SELECT " UNIT_COLS " FROM units WHERE id = ?1";
static const char sql_insert[] =
	"INSERT INTO units (code, name, level, parent_id, path, hours, address) "
	"VALUES (?1, ?2, ?3, nullif(?4, 0), '', ?5, coalesce(?6, ''))";
static const char sql_set_path[] =
	"UPDATE units SET path = coalesce((SELECT path FROM units WHERE id = ?2), '/') || ?1 || '/' "
	"WHERE id = ?1";
static const char sql_update[] =
	"UPDATE units SET name = ?2, level = ?3, hours = ?4, address = coalesce(?5, address) "
	"WHERE id = ?1";
static const char sql_move_parent[] = "UPDATE units SET parent_id = nullif(?2, 0) WHERE id = ?1";
/* Replace the prefix old (?1) by new (?2) in every path of the subtree. */
static const char sql_move_paths[] =
	"UPDATE units SET path = ?2 || substr(path, length(?1) + 1) "
	"WHERE substr(path, 1, length(?1)) = ?1";
static const char sql_count[] = "SELECT count(*) FROM units";

/* See unit_store.h. */
void unit_rec_free(struct unit_rec *r)
{
	if (!r)
		return;
	free(r->code);
	free(r->name);
	free(r->level);
	free(r->path);
	free(r->address);
	free(r->hours);
	memset(r, 0, sizeof(*r));
}

/* Run a one-row SELECT of UNIT_COLS and copy the row into *out. */
static enum err fetch(struct db *db, sqlite3_stmt *st, struct unit_rec *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return E_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, "unit select");
	}
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->parent_id = sqlite3_column_int64(st, 1);
	out->code = xstrdup(db_col_text(st, 2));
	out->name = xstrdup(db_col_text(st, 3));
	out->level = xstrdup(db_col_text(st, 4));
	out->path = xstrdup(db_col_text(st, 5));
	out->address = xstrdup(db_col_text(st, 6));
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		out->hours = xstrdup(db_col_text(st, 7));
	out->closed_at = sqlite3_column_int64(st, 8);
	out->replaced_by = sqlite3_column_int64(st, 9);
	sqlite3_reset(st);
	return E_OK;
}

/* See unit_store.h. */
enum err unit_store_by_code(struct db *db, const char *code, struct unit_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_code);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	return fetch(db, st, out);
}

/* See unit_store.h. */
enum err unit_store_by_id(struct db *db, int64_t id, struct unit_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_id);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return fetch(db, st, out);
}

/* See unit_store.h. */
enum err unit_store_insert(struct db *db, const char *code, const char *name, const char *level,
			   int64_t parent_id, const char *hours, const char *address, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, level);
	db_bind_int(st, 4, parent_id);
	db_bind_text(st, 5, hours);
	db_bind_text(st, 6, address);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	st = db_stmt(db, sql_set_path);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, *id);
	db_bind_int(st, 2, parent_id);
	return db_step_done(db, st);
}

/* See unit_store.h. */
enum err unit_store_update(struct db *db, int64_t id, const char *name, const char *level,
			   const char *hours, const char *address)
{
	sqlite3_stmt *st = db_stmt(db, sql_update);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, level);
	db_bind_text(st, 4, hours);
	db_bind_text(st, 5, address);
	return db_step_done(db, st);
}

/* See unit_store.h. */
enum err unit_store_move(struct db *db, int64_t id, const char *old_path, int64_t parent_id,
			 const char *new_parent_path)
{
	sqlite3_stmt *st = db_stmt(db, sql_move_parent);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, parent_id);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	char new_path[1024];
	int n = snprintf(new_path, sizeof(new_path), "%s%lld/",
			 parent_id ? new_parent_path : "/", (long long)id);
	if (n < 0 || (size_t)n >= sizeof(new_path))
		return E_LIMIT;
	st = db_stmt(db, sql_move_paths);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, old_path);
	db_bind_text(st, 2, new_path);
	return db_step_done(db, st);
}

/* See unit_store.h. */
int64_t unit_store_count(struct db *db)
{
	int64_t n = -1;
	return db_int(db, sql_count, &n) == E_OK ? n : -1;
}

static const char sql_set_sample[] = "UPDATE units SET sample = ?2 WHERE code = ?1";

/* See unit_store.h. */
enum err unit_store_set_sample(struct db *db, const char *code, bool sample)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_sample);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, sample);
	return db_step_done(db, st);
}

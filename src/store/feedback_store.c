/* feedback_store.c - SQL for feedback (phản ánh, kiến nghị). */
#include "motcua/feedback_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

static const char SQL_INSERT[] =
	"INSERT INTO feedback (dossier_id, unit_id, owner_id, body, created_at, due_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_ANSWER[] =
	"UPDATE feedback SET answer = ?2, answered_by = ?3, answered_at = ?4 "
	"WHERE id = ?1 AND answered_at IS NULL";
#define COLUMNS                                                                               \
	"f.id, f.dossier_id, f.unit_id, f.owner_id, coalesce(d.code, ''), f.body, "            \
	"coalesce(f.answer, ''), u.code, u.path, f.created_at, f.due_at, "                     \
	"coalesce(f.answered_by, 0), coalesce(f.answered_at, 0) "                             \
	"FROM feedback f JOIN dossiers d ON d.id = f.dossier_id JOIN units u ON u.id = f.unit_id "
static const char SQL_GET[] = "SELECT " COLUMNS "WHERE f.id = ?1";
static const char SQL_OF_DOSSIER[] = "SELECT " COLUMNS "WHERE f.dossier_id = ?1 ORDER BY f.id";
/* The partial index feedback_open serves "answered_at IS NULL ORDER BY due_at" per unit;
 * the subtree filter is on the few open rows. */
static const char SQL_OPEN[] = "SELECT " COLUMNS
			       "WHERE f.answered_at IS NULL AND u.path LIKE ?1 || '%' "
			       "ORDER BY f.due_at, f.id LIMIT ?2";

/* See feedback_store.h. */
void feedback_row_free(struct feedback_row *r)
{
	free(r->body);
	free(r->answer);
	free(r->unit_code);
	free(r->unit_path);
	r->body = r->answer = r->unit_code = r->unit_path = NULL;
}

/* See feedback_store.h. */
void feedback_rows_free(struct feedback_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		feedback_row_free(&rows[i]);
	free(rows);
}

/* See feedback_store.h. */
enum err feedback_store_insert(struct db *db, int64_t dossier_id, int64_t unit_id,
			       int64_t owner_id, const char *body, int64_t created_at,
			       int64_t due_at, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, unit_id);
	db_bind_int(st, 3, owner_id);
	db_bind_text(st, 4, body);
	db_bind_int(st, 5, created_at);
	db_bind_int(st, 6, due_at);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e == E_CONFLICT ? db_fail(db, "feedback insert") : e;
}

/* See feedback_store.h. */
enum err feedback_store_answer(struct db *db, int64_t id, const char *answer,
			       int64_t answered_by, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ANSWER);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, answer);
	if (answered_by > 0)
		db_bind_int(st, 3, answered_by);
	db_bind_int(st, 4, at);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_REFUSED;
	return e;
}

/* Copy the current row of st (COLUMNS) into r. */
static void read_row(sqlite3_stmt *st, struct feedback_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->dossier_id = sqlite3_column_int64(st, 1);
	r->unit_id = sqlite3_column_int64(st, 2);
	r->owner_id = sqlite3_column_int64(st, 3);
	snprintf(r->code, sizeof(r->code), "%s", db_col_text(st, 4));
	r->body = xstrdup(db_col_text(st, 5));
	r->answer = xstrdup(db_col_text(st, 6));
	r->unit_code = xstrdup(db_col_text(st, 7));
	r->unit_path = xstrdup(db_col_text(st, 8));
	r->created_at = sqlite3_column_int64(st, 9);
	r->due_at = sqlite3_column_int64(st, 10);
	r->answered_by = sqlite3_column_int64(st, 11);
	r->answered_at = sqlite3_column_int64(st, 12);
}

/* See feedback_store.h. */
enum err feedback_store_get(struct db *db, int64_t id, struct feedback_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_row(st, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "feedback get");
	sqlite3_reset(st);
	return e;
}

/* db_collect adapters for read_row and feedback_row_free. */
static void read_row_any(sqlite3_stmt *st, void *row)
{
	read_row(st, row);
}
static void drop_row_any(void *row)
{
	feedback_row_free(row);
}

/* Step a bound statement to the end collecting rows. */
static enum err collect(struct db *db, sqlite3_stmt *st, struct feedback_row **rows, int *n)
{
	return db_collect(db, st, sizeof(**rows), read_row_any, drop_row_any, (void **)rows, n,
			  "feedback list");
}

/* See feedback_store.h. */
enum err feedback_store_of_dossier(struct db *db, int64_t dossier_id,
				   struct feedback_row **rows, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_OF_DOSSIER);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, dossier_id);
	return collect(db, st, rows, n);
}

/* See feedback_store.h. */
enum err feedback_store_open(struct db *db, const char *root_path, int limit,
			     struct feedback_row **rows, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_OPEN);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_int(st, 2, limit);
	return collect(db, st, rows, n);
}

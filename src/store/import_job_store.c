/* import_job_store.c - SQL for import_jobs (migration 0017). */
#include "motcua/import_job_store.h"
#include "db_sql.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

static const char sql_insert[] =
	"INSERT INTO import_jobs (user_id, kind, file_name, state, done_lines, total_lines, "
	"result, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* See import_job_store.h. */
enum err import_job_store_insert(struct db *db, const struct import_job *j, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, j->user_id);
	db_bind_text(st, 2, j->kind);
	db_bind_text(st, 3, j->file_name);
	db_bind_text(st, 4, j->state);
	sqlite3_bind_int64(st, 5, j->done_lines);
	sqlite3_bind_int64(st, 6, j->total_lines);
	db_bind_text(st, 7, j->result ? j->result : "{}");
	sqlite3_bind_int64(st, 8, j->created_at);
	if (j->finished_at)
		sqlite3_bind_int64(st, 9, j->finished_at);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

static const char sql_finish[] =
	"UPDATE import_jobs SET state = ?, done_lines = ?, result = ?, finished_at = ? WHERE id = ?";

/* See import_job_store.h. */
enum err import_job_store_finish(struct db *db, int64_t id, const char *state,
				 int64_t done_lines, const char *result, int64_t finished_at)
{
	sqlite3_stmt *st = db_stmt(db, sql_finish);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, state);
	sqlite3_bind_int64(st, 2, done_lines);
	db_bind_text(st, 3, result ? result : "{}");
	sqlite3_bind_int64(st, 4, finished_at);
	sqlite3_bind_int64(st, 5, id);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_NOTFOUND;
	return e;
}

#define JOB_COLS "id, user_id, kind, file_name, state, done_lines, total_lines, result, " \
		 "created_at, coalesce(finished_at, 0)"
static const char sql_get[] = "SELECT " JOB_COLS " FROM import_jobs WHERE id = ?";
static const char sql_list[] =
	"SELECT " JOB_COLS " FROM import_jobs WHERE user_id = ? ORDER BY id DESC LIMIT ?";

/* Read one row. */
static void read_job(sqlite3_stmt *st, void *row)
{
	struct import_job *j = row;
	j->id = sqlite3_column_int64(st, 0);
	j->user_id = sqlite3_column_int64(st, 1);
	j->kind = xstrdup(db_col_text(st, 2));
	j->file_name = xstrdup(db_col_text(st, 3));
	j->state = xstrdup(db_col_text(st, 4));
	j->done_lines = sqlite3_column_int64(st, 5);
	j->total_lines = sqlite3_column_int64(st, 6);
	j->result = xstrdup(db_col_text(st, 7));
	j->created_at = sqlite3_column_int64(st, 8);
	j->finished_at = sqlite3_column_int64(st, 9);
}

/* See import_job_store.h. */
void import_job_free(struct import_job *j)
{
	free(j->kind);
	free(j->file_name);
	free(j->state);
	free(j->result);
	memset(j, 0, sizeof(*j));
}

/* db_collect drop. */
static void drop_job(void *row)
{
	import_job_free(row);
}

/* See import_job_store.h. */
enum err import_job_store_get(struct db *db, int64_t id, struct import_job *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_job(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "import job");
}

/* See import_job_store.h. */
enum err import_job_store_list(struct db *db, int64_t user_id, int limit,
			       struct import_job **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_list);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, limit);
	return db_collect(db, st, sizeof(**out), read_job, drop_job, (void **)out, n,
			  "import jobs");
}

/* See import_job_store.h. */
void import_jobs_free(struct import_job *v, int n)
{
	for (int i = 0; i < n; i++)
		import_job_free(&v[i]);
	free(v);
}

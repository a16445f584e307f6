/* atrisk_store.c - SQL of the at-risk lists (atrisk_store.h). */
#include "motcua/atrisk_store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

/* ?1 root path, ?2 the due bound, ?3 1 = only dossiers without an apology. */
#define SUB "(SELECT id FROM units WHERE path LIKE ?1 || '%')"
#define OPEN_(a) "(" a ".status = 'received' OR " a ".status = 'processing')"
#define ARM_X                                                                                 \
	"SELECT x.id AS id, x.due_at AS due FROM dossiers x INDEXED BY dossiers_open_due "      \
	"WHERE x.unit_id IN " SUB " AND " OPEN_("x") " AND x.due_at < ?2 "                      \
	"AND (?3 = 0 OR x.apology_at IS NULL)"
#define ARM_Y                                                                                 \
	"SELECT y.id AS id, y.due_at AS due FROM dossiers y INDEXED BY dossiers_dept_open_due " \
	"WHERE y.department_id IN " SUB " AND " OPEN_("y") " AND y.due_at < ?2 "                \
	"AND (?3 = 0 OR y.apology_at IS NULL) AND y.unit_id NOT IN " SUB

/* One page of (id, due) from the two arms, then the page's rows joined; the step's start is
 * the last assign/transfer event (read backwards through the (dossier_id, seq) key). */
static const char SQL_LIST[] =
	"SELECT d.id, d.unit_id, coalesce(d.code, ''), d.applicant_name, p.name, u.name, d.status, "
	"coalesce(dp.name, ''), coalesce(us.name, ''), p.steps, p.duration_unit, "
	"p.duration_value, d.step, coalesce(d.due_at, 0), coalesce(d.received_at, 0), "
	"coalesce(d.apology_at, 0), coalesce((SELECT e.at FROM dossier_events e WHERE "
	"e.dossier_id = d.id AND (e.kind = 'assign' OR e.kind = 'transfer') ORDER BY e.seq DESC "
	"LIMIT 1), 0), d.version "
	"FROM (" ARM_X " UNION ALL " ARM_Y " ORDER BY 2, 1 LIMIT ?4 OFFSET ?5) s "
	"JOIN dossiers d ON d.id = s.id JOIN procedures p ON p.id = d.procedure_id "
	"JOIN units u ON u.id = d.unit_id LEFT JOIN units dp ON dp.id = d.department_id "
	"LEFT JOIN users us ON us.id = d.assignee_id ORDER BY d.due_at, d.id";

static const char SQL_COUNT[] =
	"SELECT count(*), coalesce(sum(due < ?4), 0) FROM (" ARM_X " UNION ALL " ARM_Y ")";

/* One row of SQL_LIST into r; its strings point into the statement (valid until the next step)
 * or, with copy, are copies the caller frees. */
static void fill_row(sqlite3_stmt *st, struct atrisk_row *r, bool copy)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	strncpy(r->code, db_col_text(st, 2), sizeof(r->code) - 1);
	char **texts[] = { &r->applicant_name, &r->procedure_name, &r->unit_name, &r->status,
			   &r->department_name, &r->assignee_name, &r->steps, &r->duration_unit };
	for (int i = 0; i < 8; i++)
		*texts[i] = copy ? xstrdup(db_col_text(st, 3 + i)) : (char *)db_col_text(st, 3 + i);
	r->duration_value = sqlite3_column_int64(st, 11);
	r->step = sqlite3_column_int(st, 12);
	r->due_at = sqlite3_column_int64(st, 13);
	r->received_at = sqlite3_column_int64(st, 14);
	r->apology_at = sqlite3_column_int64(st, 15);
	r->step_started_at = sqlite3_column_int64(st, 16);
	r->version = sqlite3_column_int(st, 17);
}

/* db_collect reader: one row of SQL_LIST, copied. */
static void read_row(sqlite3_stmt *st, void *p)
{
	fill_row(st, p, true);
}

/* db_collect drop: the strings of one row. */
static void drop_row(void *p)
{
	struct atrisk_row *r = p;
	free(r->applicant_name);
	free(r->procedure_name);
	free(r->unit_name);
	free(r->status);
	free(r->department_name);
	free(r->assignee_name);
	free(r->steps);
	free(r->duration_unit);
}

/* See atrisk_store.h. */
void atrisk_rows_free(struct atrisk_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		drop_row(&rows[i]);
	free(rows);
}

/* See atrisk_store.h. */
enum err atrisk_store_list(struct db *db, const char *root_path, int64_t before, bool no_apology,
			   int limit, int offset, struct atrisk_row **rows, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_int(st, 2, before);
	db_bind_int(st, 3, no_apology ? 1 : 0);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	void *list = NULL;
	enum err e = db_collect(db, st, sizeof(struct atrisk_row), read_row, drop_row, &list, n,
			       "at-risk list");
	*rows = list;
	return e;
}

/* See atrisk_store.h. */
enum err atrisk_store_each(struct db *db, const char *root_path, int64_t before,
			   int (*fn)(void *ctx, const struct atrisk_row *r), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_int(st, 2, before);
	db_bind_int(st, 3, 0);
	db_bind_int(st, 4, INT64_MAX);	/* every row (LIMIT -1 is SQLite's alone) */
	db_bind_int(st, 5, 0);
	int rc;
	struct atrisk_row r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_row(st, &r, false);
		if (fn(ctx, &r))
			break;
	}
	enum err e = rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_fail(db, "at-risk rows");
	sqlite3_reset(st);
	return e;
}

/* See atrisk_store.h. */
enum err atrisk_store_count(struct db *db, const char *root_path, int64_t before,
			    bool no_apology, int64_t now, int64_t *count, int64_t *overdue)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_int(st, 2, before);
	db_bind_int(st, 3, no_apology ? 1 : 0);
	db_bind_int(st, 4, now);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, "at-risk count");
	}
	*count = sqlite3_column_int64(st, 0);
	if (overdue)
		*overdue = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return E_OK;
}

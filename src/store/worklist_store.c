/* worklist_store.c - SQL of the staff work lists and badges (migration 0011). */
#include "motcua/worklist_store.h"

#include <stdlib.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

/* The subtree: the units whose path starts with ?1; the planner runs an index range per unit. */
#define SUB "(SELECT id FROM units WHERE path LIKE ?1 || '%')"
#define SUBTREE "d.unit_id IN " SUB
#define OPEN_(a) "(" a ".status = 'received' OR " a ".status = 'processing')"
#define OPEN OPEN_("d")
#define COLS                                                                                  \
	"SELECT d.id, coalesce(d.code, ''), d.applicant_name, p.name, u.name, d.status, "        \
	"coalesce(d.submitted_at, 0), coalesce(d.received_at, 0), coalesce(d.due_at, 0), "      \
	"coalesce(d.supplement_deadline, 0), d.version "
#define JOINS "JOIN procedures p ON p.id = d.procedure_id JOIN units u ON u.id = d.unit_id "
#define PAGE " LIMIT ?5 OFFSET ?6"
/* Open dossiers due in [?3, ?4) of the subtree's units, then those handed to its departments
 * from a unit outside it (so none twice): (id, due) from the two covering partial indexes. */
#define OPEN_X                                                                                \
	"SELECT x.id AS id, x.due_at AS due FROM dossiers x INDEXED BY dossiers_open_due "      \
	"WHERE x.unit_id IN " SUB " AND " OPEN_("x") " AND x.due_at >= ?3 AND x.due_at < ?4"
#define OPEN_Y                                                                                \
	"SELECT y.id AS id, y.due_at AS due FROM dossiers y INDEXED BY dossiers_dept_open_due " \
	"WHERE y.department_id IN " SUB " AND " OPEN_("y") " AND y.due_at >= ?3 AND "           \
	"y.due_at < ?4 AND y.unit_id NOT IN " SUB
#define SUPP_X                                                                                \
	"SELECT x.id AS id, x.supplement_deadline AS due FROM dossiers x INDEXED BY "           \
	"dossiers_unit_supplement WHERE x.unit_id IN " SUB " AND x.status = 'supplement'"
#define SUPP_Y                                                                                \
	"SELECT y.id AS id, y.supplement_deadline AS due FROM dossiers y INDEXED BY "           \
	"dossiers_dept_supplement WHERE y.department_id IN " SUB " AND y.status = 'supplement' " \
	"AND y.unit_id NOT IN " SUB
/* One page of the two arms by due then id, then the page's rows joined (51 lookups). */
#define PAGED(x, y, order)                                                                    \
	COLS "FROM (" x " UNION ALL " y " ORDER BY 2, 1" PAGE ") s JOIN dossiers d ON d.id = s.id " \
	JOINS "ORDER BY " order ", d.id"

static const char *const SQL_LIST[] = {
	[WLS_OPEN_DUE] = PAGED(OPEN_X, OPEN_Y, "d.due_at"),
	[WLS_SUPPLEMENT] = PAGED(SUPP_X, SUPP_Y, "d.supplement_deadline"),
	/* Mine: assigned to who, whatever the unit (desk's scope), by the step's due time. */
	[WLS_ASSIGNEE] = COLS "FROM dossiers d INDEXED BY dossiers_assignee_due " JOINS
			      "WHERE d.assignee_id = ?2 AND " OPEN " AND ?1 IS NOT NULL AND ?3 <= ?4 "
			      "ORDER BY d.step_due_at, d.id" PAGE,
	[WLS_SUBMITTED] = COLS "FROM dossiers d INDEXED BY dossiers_status " JOINS
			       "WHERE " SUBTREE " AND d.status = 'submitted' "
			       "ORDER BY d.submitted_at, d.id" PAGE,
	[WLS_RESOLVED] = COLS "FROM dossiers d INDEXED BY dossiers_status " JOINS
			      "WHERE " SUBTREE " AND d.status = 'resolved' "
			      "ORDER BY d.finished_at, d.id" PAGE,
};

static const char *const SQL_COUNT[] = {
	[WLS_OPEN_DUE] = "SELECT (SELECT count(*) FROM (" OPEN_X ")) + (SELECT count(*) FROM ("
			 OPEN_Y "))",
	[WLS_SUPPLEMENT] = "SELECT (SELECT count(*) FROM (" SUPP_X ")) + (SELECT count(*) FROM ("
			   SUPP_Y "))",
	[WLS_ASSIGNEE] = "SELECT count(*) FROM dossiers d INDEXED BY dossiers_assignee_due WHERE "
			 "d.assignee_id = ?2 AND " OPEN " AND ?1 IS NOT NULL AND ?3 <= ?4",
	[WLS_SUBMITTED] = "SELECT count(*) FROM dossiers d INDEXED BY dossiers_status WHERE "
			  SUBTREE " AND d.status = 'submitted'",
	[WLS_RESOLVED] = "SELECT count(*) FROM dossiers d INDEXED BY dossiers_status WHERE "
			 SUBTREE " AND d.status = 'resolved'",
};

static const char SQL_FEEDBACK_COUNT[] =
	"SELECT count(*) FROM feedback f WHERE f.answered_at IS NULL AND f.unit_id IN "
	"(SELECT id FROM units WHERE path LIKE ?1 || '%')";

/* See worklist_store.h. */
void wl_rows_free(struct wl_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].applicant_name);
		free(rows[i].procedure_name);
		free(rows[i].unit_name);
		free(rows[i].status);
	}
	free(rows);
}

/* Bind the parameters every list and count shares. */
static void bind_common(sqlite3_stmt *st, const char *root_path, int64_t who, int64_t from,
			int64_t to)
{
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_int(st, 2, who);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
}

/* Step st (bound) and collect its rows (COLS order). E_DB. */
/* Read the current row of st (the COLS of the lists) into r; its strings are copies. */
static void read_row(sqlite3_stmt *st, struct wl_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	strncpy(r->code, db_col_text(st, 1), sizeof(r->code) - 1);
	r->applicant_name = xstrdup(db_col_text(st, 2));
	r->procedure_name = xstrdup(db_col_text(st, 3));
	r->unit_name = xstrdup(db_col_text(st, 4));
	r->status = xstrdup(db_col_text(st, 5));
	r->submitted_at = sqlite3_column_int64(st, 6);
	r->received_at = sqlite3_column_int64(st, 7);
	r->due_at = sqlite3_column_int64(st, 8);
	r->supplement_deadline = sqlite3_column_int64(st, 9);
	r->version = sqlite3_column_int(st, 10);
}

static enum err collect(struct db *db, sqlite3_stmt *st, struct wl_row **rows, int *n)
{
	int cap = 0, count = 0, rc;
	struct wl_row *list = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, (size_t)cap * sizeof(*list));
		}
		read_row(st, &list[count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		wl_rows_free(list, count);
		return db_fail(db, "work list");
	}
	*rows = list;
	*n = count;
	return E_OK;
}

/* See worklist_store.h. */
enum err wl_store_list(struct db *db, enum wl_source src, const char *root_path, int64_t who,
		       int64_t from, int64_t to, int limit, int offset, struct wl_row **rows,
		       int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST[src]);
	if (!st)
		return E_DB;
	bind_common(st, root_path, who, from, to);
	db_bind_int(st, 5, limit);
	db_bind_int(st, 6, offset);
	return collect(db, st, rows, n);
}

/* See worklist_store.h. */
enum err wl_store_count(struct db *db, enum wl_source src, const char *root_path, int64_t who,
			int64_t from, int64_t to, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT[src]);
	if (!st)
		return E_DB;
	bind_common(st, root_path, who, from, to);
	return db_int_step(db, st, count);
}

/* See worklist_store.h. */
enum err wl_store_count_feedback(struct db *db, const char *root_path, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FEEDBACK_COUNT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path ? root_path : "");
	return db_int_step(db, st, count);
}

/* Search: one statement per driving index; the other filters are residual terms. */
#define FILTERS                                                                               \
	" AND d.code IS NOT NULL AND (" SUBTREE " OR d.department_id IN " SUB " OR "           \
	"d.assignee_id = ?12) AND (?6 IS NULL OR d.procedure_id = (SELECT id FROM procedures WHERE code = ?6)) "     \
	"AND (?7 IS NULL OR d.status = ?7) AND (?8 IS NULL OR d.submitted_at >= ?8) "          \
	"AND (?9 IS NULL OR d.submitted_at < ?9) "                                              \
	"AND (?2 IS NULL OR (d.code >= ?2 AND d.code < ?2 || '~')) "                            \
	"AND (?3 IS NULL OR (d.name_key >= ?3 AND d.name_key < ?3 || char(1114111))) "          \
	"AND (?4 IS NULL OR json_extract(d.applicant, '$.id_number') = ?4) "                    \
	"AND (?5 IS NULL OR json_extract(d.applicant, '$.phone') = ?5) "
#define SPAGE " LIMIT ?10 OFFSET ?11"

static const char SQL_BY_CODE[] = COLS "FROM dossiers d " JOINS
	"WHERE d.code >= ?2 AND d.code < ?2 || '~'" FILTERS "ORDER BY d.code" SPAGE;
static const char SQL_BY_NAME[] = COLS "FROM dossiers d INDEXED BY dossiers_name_key " JOINS
	"WHERE d.name_key >= ?3 AND d.name_key < ?3 || char(1114111) AND d.name_key IS NOT NULL"
	FILTERS "ORDER BY d.name_key, d.id" SPAGE;
static const char SQL_BY_ID[] = COLS "FROM dossiers d INDEXED BY dossiers_applicant_id " JOINS
	"WHERE json_extract(d.applicant, '$.id_number') = ?4" FILTERS "ORDER BY d.id DESC" SPAGE;
static const char SQL_BY_PHONE[] = COLS "FROM dossiers d INDEXED BY dossiers_applicant_phone "
	JOINS "WHERE json_extract(d.applicant, '$.phone') = ?5" FILTERS "ORDER BY d.id DESC" SPAGE;
static const char SQL_BY_UNIT[] = COLS "FROM dossiers d INDEXED BY dossiers_unit_received "
	JOINS "WHERE 1" FILTERS "ORDER BY d.received_at DESC, d.id DESC" SPAGE;

/* The search statement for f, bound (LIMIT limit OFFSET offset); NULL when it does not
 * prepare. */
static sqlite3_stmt *search_stmt(struct db *db, const char *root_path,
				 const struct search_filter *f, int limit, int offset)
{
	const char *sql = f->code ? SQL_BY_CODE : f->id_number ? SQL_BY_ID
		: f->phone ? SQL_BY_PHONE : f->name_key ? SQL_BY_NAME : SQL_BY_UNIT;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, root_path ? root_path : "");
	db_bind_text(st, 2, f->code);
	db_bind_text(st, 3, f->name_key);
	db_bind_text(st, 4, f->id_number);
	db_bind_text(st, 5, f->phone);
	db_bind_text(st, 6, f->procedure_code);
	db_bind_text(st, 7, f->status);
	if (f->from)
		db_bind_int(st, 8, f->from);
	if (f->to)
		db_bind_int(st, 9, f->to);
	db_bind_int(st, 10, limit);
	db_bind_int(st, 11, offset);
	db_bind_int(st, 12, f->who);
	return st;
}

/* See worklist_store.h. */
enum err search_store_find(struct db *db, const char *root_path, const struct search_filter *f,
			   int limit, int offset, struct wl_row **rows, int *n)
{
	sqlite3_stmt *st = search_stmt(db, root_path, f, limit, offset);
	if (!st)
		return E_DB;
	return collect(db, st, rows, n);
}

/* See worklist_store.h. */
enum err search_store_each(struct db *db, const char *root_path, const struct search_filter *f,
			   int limit, int (*fn)(void *ctx, const struct wl_row *r), void *ctx)
{
	sqlite3_stmt *st = search_stmt(db, root_path, f, limit, 0);
	if (!st)
		return E_DB;
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct wl_row r;
		read_row(st, &r);
		stop = fn(ctx, &r);
		free(r.applicant_name);
		free(r.procedure_name);
		free(r.unit_name);
		free(r.status);
	}
	sqlite3_reset(st);
	return stop || rc == SQLITE_DONE ? E_OK : db_fail(db, "search export");
}

static const char SQL_PENDING[] =
	"SELECT id, applicant_name FROM dossiers INDEXED BY dossiers_name_todo "
	"WHERE name_key IS NULL AND code IS NOT NULL ORDER BY id LIMIT ?1";
static const char SQL_SET_KEY[] = "UPDATE dossiers SET name_key = ?2 WHERE id = ?1";

/* See worklist_store.h. */
enum err search_store_pending(struct db *db, int max, int64_t **ids, char ***names, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, max);
	int64_t *id = xcalloc((size_t)(max > 0 ? max : 1), sizeof(*id));
	char **name = xcalloc((size_t)(max > 0 ? max : 1), sizeof(*name));
	int count = 0, rc = SQLITE_DONE;
	while (count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id[count] = sqlite3_column_int64(st, 0);
		name[count++] = xstrdup(db_col_text(st, 1));
	}
	if (count < max && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		for (int i = 0; i < count; i++)
			free(name[i]);
		free(id);
		free(name);
		return db_fail(db, "search pending");
	}
	sqlite3_reset(st);
	*ids = id;
	*names = name;
	*n = count;
	return E_OK;
}

/* See worklist_store.h. */
enum err search_store_set_key(struct db *db, int64_t id, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SET_KEY);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, key);
	return db_step_done(db, st);
}

static const char SQL_STAFF[] =
	"SELECT u.id, u.unit_id, u.role, u.name, u.email, u.lang, n.name FROM users u "
	"JOIN units n ON n.id = u.unit_id WHERE u.active = 1 AND u.email <> '' AND "
	"(u.role = 'clerk' OR u.role = 'specialist' OR u.role = 'leader' OR u.role = 'admin') "
	"ORDER BY u.id";
static const char SQL_DIGEST_SINCE[] =
	"SELECT 1 FROM outbox WHERE kind = 'digest' AND user_id = ?1 AND created_at >= ?2 LIMIT 1";

/* See worklist_store.h. */
enum err wl_store_staff_each(struct db *db, int (*fn)(void *ctx, const struct wl_staff *s),
			     void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_STAFF);
	if (!st)
		return E_DB;
	/* Collected first: fn writes (the outbox) while this statement would still be open. */
	struct wl_staff *list = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, (size_t)cap * sizeof(*list));
		}
		list[n++] = (struct wl_staff){
			.id = sqlite3_column_int64(st, 0),
			.unit_id = sqlite3_column_int64(st, 1),
			.role = xstrdup(db_col_text(st, 2)),
			.name = xstrdup(db_col_text(st, 3)),
			.email = xstrdup(db_col_text(st, 4)),
			.lang = xstrdup(db_col_text(st, 5)),
			.unit_name = xstrdup(db_col_text(st, 6)),
		};
	}
	sqlite3_reset(st);
	enum err e = rc == SQLITE_DONE ? E_OK : db_fail(db, "digest staff");
	bool stop = false;
	for (int i = 0; i < n; i++) {
		if (e == E_OK && !stop)
			stop = fn(ctx, &list[i]) != 0;
		free((char *)list[i].role);
		free((char *)list[i].name);
		free((char *)list[i].email);
		free((char *)list[i].lang);
		free((char *)list[i].unit_name);
	}
	free(list);
	return e;
}

/* See worklist_store.h. */
enum err wl_store_digest_since(struct db *db, int64_t user_id, int64_t since, bool *found)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DIGEST_SINCE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, since);
	int64_t one = 0;
	enum err e = db_int_step(db, st, &one);
	*found = e == E_OK;
	return e == E_NOTFOUND ? E_OK : e;
}

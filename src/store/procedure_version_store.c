/* procedure_version_store.c - SQL for procedure_versions and procedures.version/published. */
#include "motcua/procedure_version_store.h"
#include "db_sql.h"

#include <stdlib.h>

#include "motcua/xalloc.h"

static const char sql_proc[] = "SELECT id, version, published FROM procedures WHERE code = ?1";
static const char sql_live[] = "SELECT version, published FROM procedures WHERE id = ?1";
static const char sql_draft[] =
	"SELECT version, data FROM procedure_versions WHERE procedure_id = ?1 AND state = 'draft'";
static const char sql_draft_update[] =
	"UPDATE procedure_versions SET data = ?2, created_by = nullif(?3, 0), created_at = ?4 "
	"WHERE procedure_id = ?1 AND state = 'draft'";
static const char sql_insert[] =
	"INSERT INTO procedure_versions (procedure_id, version, data, state, created_by, "
	"created_at, published_at) VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM "
	"procedure_versions WHERE procedure_id = ?1), ?2, ?3, nullif(?4, 0), ?5, ?6)";
static const char sql_version_of[] = "SELECT version FROM procedure_versions WHERE id = ?1";
static const char sql_draft_drop[] =
	"DELETE FROM procedure_versions WHERE procedure_id = ?1 AND state = 'draft'";
static const char sql_supersede[] =
	"UPDATE procedure_versions SET state = 'superseded' WHERE procedure_id = ?1 AND "
	"state = 'published'";
static const char sql_publish[] =
	"UPDATE procedure_versions SET state = 'published', published_at = ?2, "
	"created_by = coalesce(created_by, nullif(?3, 0)), version = (SELECT coalesce(max(version), "
	"0) + 1 FROM procedure_versions WHERE procedure_id = ?1 AND state <> 'draft') "
	"WHERE procedure_id = ?1 AND state = 'draft' RETURNING version";
static const char sql_set_live[] =
	"UPDATE procedures SET version = ?2 WHERE id = ?1";
static const char sql_set_published[] = "UPDATE procedures SET published = ?2 WHERE id = ?1";
static const char sql_history[] =
	"SELECT v.version, v.state, v.data, coalesce(u.name, ''), v.created_at, "
	"coalesce(v.published_at, 0) FROM procedure_versions v LEFT JOIN users u ON "
	"u.id = v.created_by WHERE v.procedure_id = ?1 ORDER BY v.version DESC LIMIT ?2";

/* Every word ?1..?4 occurs in the folded name or the lower-case code ('' matches all); ?5
 * field (0: all); ?6 filter (enum pv_filter). */
#define PV_WORD(n) "(instr(p.name_fold, ?" #n ") > 0 OR instr(lower(p.code), ?" #n ") > 0)"
#define PV_WHERE \
	"WHERE " PV_WORD(1) " AND " PV_WORD(2) " AND " PV_WORD(3) " AND " PV_WORD(4) \
	" AND (?5 = 0 OR p.field_id = ?5) AND (?6 = 0 OR (?6 = 1 AND p.published = 1) OR " \
	"(?6 = 2 AND p.published = 0) OR (?6 = 3 AND EXISTS (SELECT 1 FROM procedure_versions " \
	"v WHERE v.procedure_id = p.id AND v.state = 'draft'))) "
static const char sql_list[] =
	"SELECT p.code, p.name, f.name, p.version, p.published, EXISTS (SELECT 1 FROM "
	"procedure_versions v WHERE v.procedure_id = p.id AND v.state = 'draft') "
	"FROM procedures p JOIN fields f ON f.id = p.field_id " PV_WHERE
	"ORDER BY p.name_fold, p.code LIMIT ?7 OFFSET ?8";
static const char sql_list_count[] = "SELECT count(*) FROM procedures p " PV_WHERE;

/* See procedure_version_store.h. */
enum err pv_store_proc(struct db *db, const char *code, int64_t *id, int *version,
		       bool *published)
{
	sqlite3_stmt *st = db_stmt(db, sql_proc);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int(st, 1);
		*published = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND :
	       db_fail(db, "procedure version");
}

/* See procedure_version_store.h. */
enum err pv_store_live(struct db *db, int64_t id, int *version, bool *published)
{
	sqlite3_stmt *st = db_stmt(db, sql_live);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*published = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND :
	       db_fail(db, "procedure live version");
}

/* See procedure_version_store.h. */
enum err pv_store_draft(struct db *db, int64_t id, int *version, char **data)
{
	sqlite3_stmt *st = db_stmt(db, sql_draft);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*data = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND :
	       db_fail(db, "procedure draft");
}

/* Insert a version of procedure id in state; *version its number. */
static enum err insert_version(struct db *db, int64_t id, const char *data, const char *state,
			       int64_t user_id, int64_t now, int64_t published_at, int *version)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, data);
	db_bind_text(st, 3, state);
	db_bind_int(st, 4, user_id);
	db_bind_int(st, 5, now);
	if (published_at)
		db_bind_int(st, 6, published_at);
	else
		sqlite3_bind_null(st, 6);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	int64_t row = sqlite3_last_insert_rowid(db_handle(db));
	if (!(st = db_stmt(db, sql_version_of)))
		return E_DB;
	db_bind_int(st, 1, row);
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : db_fail(db, "procedure version number");
}

/* See procedure_version_store.h. */
enum err pv_store_draft_put(struct db *db, int64_t id, const char *data, int64_t user_id,
			    int64_t now, int *version)
{
	sqlite3_stmt *st = db_stmt(db, sql_draft_update);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, data);
	db_bind_int(st, 3, user_id);
	db_bind_int(st, 4, now);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	if (sqlite3_changes(db_handle(db)) == 0)
		return insert_version(db, id, data, "draft", user_id, now, 0, version);
	char *old = NULL;
	e = pv_store_draft(db, id, version, &old);
	free(old);
	return e;
}

/* See procedure_version_store.h. */
enum err pv_store_draft_drop(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_draft_drop);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return db_step_done(db, st);
}

/* The published version of procedure id becomes superseded. */
static enum err supersede(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_supersede);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return db_step_done(db, st);
}

/* See procedure_version_store.h. */
enum err pv_store_add_published(struct db *db, int64_t id, const char *data, int64_t user_id,
				int64_t now, int *version)
{
	enum err e = supersede(db, id);
	return e != E_OK ? e :
	       insert_version(db, id, data, "published", user_id, now, now, version);
}

/* See procedure_version_store.h. */
enum err pv_store_publish_draft(struct db *db, int64_t id, int64_t user_id, int64_t now,
				int *version)
{
	enum err e = supersede(db, id);
	if (e != E_OK)
		return e;
	sqlite3_stmt *st = db_stmt(db, sql_publish);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	int rc2 = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW && rc2 == SQLITE_DONE ? E_OK : db_fail(db, "procedure publish");
}

/* See procedure_version_store.h. */
enum err pv_store_set_live(struct db *db, int64_t id, int version)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_live);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, version);
	return db_step_done(db, st);
}

/* See procedure_version_store.h. */
enum err pv_store_set_published(struct db *db, int64_t id, bool published)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_published);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, published);
	return db_step_done(db, st);
}

/* See procedure_version_store.h. */
enum err pv_store_history(struct db *db, int64_t id, int limit, pv_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_history);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pv_row r = {
			.version = sqlite3_column_int(st, 0),
			.state = db_col_text(st, 1),
			.data = db_col_text(st, 2),
			.created_by = db_col_text(st, 3),
			.created_at = sqlite3_column_int64(st, 4),
			.published_at = sqlite3_column_int64(st, 5),
		};
		if (!fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "procedure history");
}

/* Bind the filter parameters ?1..?6 of PV_WHERE. */
static void bind_where(sqlite3_stmt *st, const struct pv_list_query *q)
{
	for (int i = 0; i < PV_WORDS; i++)
		db_bind_text(st, i + 1, i < q->nwords ? q->words[i] : "");
	db_bind_int(st, 5, q->field_id);
	db_bind_int(st, 6, (int64_t)q->filter);
}

/* See procedure_version_store.h. */
enum err pv_store_list(struct db *db, const struct pv_list_query *q, pv_list_fn fn, void *ctx,
		       int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, sql_list_count);
	if (!st)
		return E_DB;
	bind_where(st, q);
	int rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "procedure list count");
	if (!(st = db_stmt(db, sql_list)))
		return E_DB;
	bind_where(st, q);
	db_bind_int(st, 7, q->limit);
	db_bind_int(st, 8, q->offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pv_list_row r = {
			.code = db_col_text(st, 0),
			.name = db_col_text(st, 1),
			.field = db_col_text(st, 2),
			.version = sqlite3_column_int(st, 3),
			.published = sqlite3_column_int(st, 4) != 0,
			.has_draft = sqlite3_column_int(st, 5) != 0,
		};
		if (!fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "procedure list");
}

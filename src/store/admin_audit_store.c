/* admin_audit_store.c - SQL for admin_audit and view_log (migration 0017). */
#include "motcua/admin_audit_store.h"
#include "db_sql.h"

#include <stdlib.h>
#include <string.h>

#include "motcua/xalloc.h"

/* See admin_audit_store.h. */
bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db_handle(db));
}

static const char sql_tip_audit[] = "SELECT id, hash FROM admin_audit ORDER BY id DESC LIMIT 1";
static const char sql_tip_views[] = "SELECT id, hash FROM view_log ORDER BY id DESC LIMIT 1";

/* See admin_audit_store.h. */
enum err admin_audit_store_tip(struct db *db, bool views, int64_t *id, unsigned char hash[32])
{
	return db_chain_tip(db, views ? sql_tip_views : sql_tip_audit, "audit tip", id, hash);
}

static const char sql_insert_audit[] =
	"INSERT INTO admin_audit (id, at, actor_id, action, target, before, after, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* See admin_audit_store.h. */
enum err admin_audit_store_insert(struct db *db, const struct admin_audit_row *r)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert_audit);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->at);
	if (r->actor_id)
		sqlite3_bind_int64(st, 3, r->actor_id);
	db_bind_text(st, 4, r->action);
	db_bind_text(st, 5, r->target);
	db_bind_text(st, 6, r->before);
	db_bind_text(st, 7, r->after);
	sqlite3_bind_blob(st, 8, r->prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, r->hash, 32, SQLITE_STATIC);
	return db_step_done(db, st);
}

static const char sql_insert_view[] =
	"INSERT INTO view_log (id, at, viewer_id, unit_id, dossier_id, what, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/* See admin_audit_store.h. */
enum err view_log_store_insert(struct db *db, const struct view_log_row *r)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert_view);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->at);
	sqlite3_bind_int64(st, 3, r->viewer_id);
	if (r->unit_id)
		sqlite3_bind_int64(st, 4, r->unit_id);
	sqlite3_bind_int64(st, 5, r->dossier_id);
	db_bind_text(st, 6, r->what);
	sqlite3_bind_blob(st, 7, r->prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, r->hash, 32, SQLITE_STATIC);
	return db_step_done(db, st);
}

static const char sql_viewer_unit[] = "SELECT coalesce(unit_id, 0) FROM users WHERE id = ?";

/* See admin_audit_store.h. */
enum err view_log_store_viewer_unit(struct db *db, int64_t viewer_id, int64_t *unit_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_viewer_unit);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, viewer_id);
	return db_int_step(db, st, unit_id);
}

static const char sql_recent[] =
	"SELECT 1 FROM view_log WHERE viewer_id = ? AND dossier_id = ? AND at >= ? LIMIT 1";

/* See admin_audit_store.h. */
enum err view_log_store_recent(struct db *db, int64_t viewer_id, int64_t dossier_id,
			       int64_t since, bool *found)
{
	sqlite3_stmt *st = db_stmt(db, sql_recent);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, viewer_id);
	sqlite3_bind_int64(st, 2, dossier_id);
	sqlite3_bind_int64(st, 3, since);
	int64_t one;
	enum err e = db_int_step(db, st, &one);
	*found = e == E_OK;
	return e == E_NOTFOUND ? E_OK : e;
}

/* Copy a 32-byte blob column (zeros when it is not 32 bytes: the chain then breaks there). */
static void col_hash(sqlite3_stmt *st, int col, unsigned char out[32])
{
	if (sqlite3_column_bytes(st, col) == 32)
		memcpy(out, sqlite3_column_blob(st, col), 32);
	else
		memset(out, 0, 32);
}

/* Column text or NULL for SQL NULL. */
static const char *col_text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL
							    : (const char *)sqlite3_column_text(st, col);
}

static const char sql_each_audit[] =
	"SELECT id, at, actor_id, action, target, before, after, prev_hash, hash "
	"FROM admin_audit ORDER BY id";

/* See admin_audit_store.h. */
enum err admin_audit_store_each(struct db *db, bool (*fn)(void *ctx,
							    const struct admin_audit_row *r),
				void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_each_audit);
	if (!st)
		return E_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct admin_audit_row r;
		r.id = sqlite3_column_int64(st, 0);
		r.at = sqlite3_column_int64(st, 1);
		r.actor_id = sqlite3_column_int64(st, 2);
		r.action = db_col_text(st, 3);
		r.target = db_col_text(st, 4);
		r.before = col_text_or_null(st, 5);
		r.after = col_text_or_null(st, 6);
		col_hash(st, 7, r.prev_hash);
		col_hash(st, 8, r.hash);
		if (!fn(ctx, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "admin_audit walk");
}

static const char sql_each_view[] =
	"SELECT id, at, viewer_id, unit_id, dossier_id, what, prev_hash, hash "
	"FROM view_log ORDER BY id";

/* See admin_audit_store.h. */
enum err view_log_store_each(struct db *db, bool (*fn)(void *ctx, const struct view_log_row *r),
			     void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_each_view);
	if (!st)
		return E_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct view_log_row r;
		r.id = sqlite3_column_int64(st, 0);
		r.at = sqlite3_column_int64(st, 1);
		r.viewer_id = sqlite3_column_int64(st, 2);
		r.unit_id = sqlite3_column_int64(st, 3);
		r.dossier_id = sqlite3_column_int64(st, 4);
		r.what = db_col_text(st, 5);
		col_hash(st, 6, r.prev_hash);
		col_hash(st, 7, r.hash);
		if (!fn(ctx, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "view_log walk");
}

static const char sql_for_dossier[] =
	"SELECT v.at, u.name, coalesce(n.name, ''), v.what FROM view_log v "
	"JOIN users u ON u.id = v.viewer_id LEFT JOIN units n ON n.id = v.unit_id "
	"WHERE v.dossier_id = ? ORDER BY v.at DESC, v.id DESC LIMIT ?";

/* Read one view entry. */
static void read_view(sqlite3_stmt *st, void *row)
{
	struct view_log_entry *v = row;
	v->at = sqlite3_column_int64(st, 0);
	v->viewer = xstrdup(db_col_text(st, 1));
	v->unit = xstrdup(db_col_text(st, 2));
	v->what = xstrdup(db_col_text(st, 3));
}

/* Free one view entry's strings. */
static void drop_view(void *row)
{
	struct view_log_entry *v = row;
	free(v->viewer);
	free(v->unit);
	free(v->what);
}

/* See admin_audit_store.h. */
enum err view_log_store_for_dossier(struct db *db, int64_t dossier_id, int limit,
				    struct view_log_entry **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_for_dossier);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int(st, 2, limit);
	return db_collect(db, st, sizeof(**out), read_view, drop_view, (void **)out, n,
			  "view log");
}

/* See admin_audit_store.h. */
void view_log_entries_free(struct view_log_entry *v, int n)
{
	for (int i = 0; i < n; i++)
		drop_view(&v[i]);
	free(v);
}

/* ?1 action or its prefix before a dot ('' = any), ?2 actor username ('' = any), ?3 from, ?4 to (0 = open), ?5 scope path
 * (NULL = every actor, else actors whose unit is in the subtree), ?6 limit, ?7 offset. */
static const char sql_list[] =
	"SELECT a.id, a.at, coalesce(a.actor_id, 0), a.action, a.target, a.before, a.after, "
	"coalesce(u.name, ''), coalesce(u.username, '') FROM admin_audit a "
	"LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN units n ON n.id = u.unit_id "
	"WHERE (?1 = '' OR a.action = ?1 OR a.action LIKE ?1 || '.%') "
	"AND (?2 = '' OR u.username = ?2) AND (?3 = 0 OR a.at >= ?3) AND (?4 = 0 OR a.at < ?4) "
	"AND (?5 IS NULL OR n.path LIKE ?5 || '%') "
	"ORDER BY a.id DESC LIMIT ?6 OFFSET ?7";

/* Read one listed row. */
static void read_entry(sqlite3_stmt *st, void *row)
{
	struct admin_audit_entry *a = row;
	a->id = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->actor_id = sqlite3_column_int64(st, 2);
	a->action = xstrdup(db_col_text(st, 3));
	a->target = xstrdup(db_col_text(st, 4));
	const char *b = col_text_or_null(st, 5), *f = col_text_or_null(st, 6);
	a->before = b ? xstrdup(b) : NULL;
	a->after = f ? xstrdup(f) : NULL;
	a->actor_name = xstrdup(db_col_text(st, 7));
	a->actor_username = xstrdup(db_col_text(st, 8));
}

/* Free one listed row's strings. */
static void drop_entry(void *row)
{
	struct admin_audit_entry *a = row;
	free(a->action);
	free(a->target);
	free(a->before);
	free(a->after);
	free(a->actor_name);
	free(a->actor_username);
}

/* See admin_audit_store.h. */
enum err admin_audit_store_list(struct db *db, const struct admin_audit_filter *f,
				struct admin_audit_entry **out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_list);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, f->action ? f->action : "");
	db_bind_text(st, 2, f->actor ? f->actor : "");
	sqlite3_bind_int64(st, 3, f->from);
	sqlite3_bind_int64(st, 4, f->to);
	db_bind_text(st, 5, f->scope_path);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : 100);
	sqlite3_bind_int(st, 7, f->offset > 0 ? f->offset : 0);
	return db_collect(db, st, sizeof(**out), read_entry, drop_entry, (void **)out, n,
			  "admin_audit list");
}

/* See admin_audit_store.h. */
void admin_audit_entries_free(struct admin_audit_entry *v, int n)
{
	for (int i = 0; i < n; i++)
		drop_entry(&v[i]);
	free(v);
}

static const char sql_actions[] = "SELECT DISTINCT action FROM admin_audit ORDER BY action";

/* Read one action name. */
static void read_action(sqlite3_stmt *st, void *row)
{
	*(char **)row = xstrdup(db_col_text(st, 0));
}

/* Free one action name. */
static void drop_action(void *row)
{
	free(*(char **)row);
}

/* See admin_audit_store.h. */
enum err admin_audit_store_actions(struct db *db, char ***out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_actions);
	if (!st)
		return E_DB;
	return db_collect(db, st, sizeof(char *), read_action, drop_action, (void **)out, n,
			  "admin_audit actions");
}

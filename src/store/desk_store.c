/* desk_store.c - SQL of the one-stop shop's view of a dossier (desk_store.h). */
#include "motcua/desk_store.h"
#include "db_sql.h"

#include <stdio.h>
#include <string.h>

static const char sql_names[] =
	"SELECT coalesce(o.username, ''), coalesce(dep.code, ''), coalesce(dep.name, ''), "
	"coalesce(a.name, '') FROM dossiers d LEFT JOIN users o ON o.id = d.owner_id "
	"LEFT JOIN units dep ON dep.id = d.department_id "
	"LEFT JOIN users a ON a.id = d.assignee_id WHERE d.id = ?";

/* See desk_store.h. */
enum err desk_store_names(struct db *db, int64_t id, struct desk_names *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_names);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_ROW) {
		snprintf(out->owner, sizeof(out->owner), "%s", db_col_text(st, 0));
		snprintf(out->department_code, sizeof(out->department_code), "%s",
			 db_col_text(st, 1));
		snprintf(out->department_name, sizeof(out->department_name), "%s",
			 db_col_text(st, 2));
		snprintf(out->assignee, sizeof(out->assignee), "%s", db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return E_OK;
	return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "desk names");
}

static const char sql_events[] =
	"SELECT e.seq, e.at, e.kind, coalesce(e.from_status, ''), e.to_status, e.note, e.data, "
	"coalesce(u.name, ''), e.actor_role, coalesce(dp.code, ''), coalesce(dp.name, ''), "
	"coalesce(asg.name, '') FROM dossier_events e "
	"LEFT JOIN users u ON u.id = e.actor_id "
	"LEFT JOIN units dp ON dp.code = json_extract(e.data, '$.department') "
	"LEFT JOIN users asg ON asg.id = json_extract(e.data, '$.assignee') "
	"WHERE e.dossier_id = ? ORDER BY e.seq";

/* See desk_store.h. */
enum err desk_store_events(struct db *db, int64_t id,
			   bool (*fn)(void *ctx, const struct desk_event *ev), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql_events);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct desk_event ev = {
			.seq = sqlite3_column_int(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.kind = db_col_text(st, 2),
			.from = db_col_text(st, 3),
			.to = db_col_text(st, 4),
			.note = db_col_text(st, 5),
			.data = db_col_text(st, 6),
			.actor = db_col_text(st, 7),
			.role = db_col_text(st, 8),
			.department_code = db_col_text(st, 9),
			.department_name = db_col_text(st, 10),
			.assignee = db_col_text(st, 11),
		};
		if (!fn(ctx, &ev)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "desk events");
}

/* Run a choice query with root bound as ?1 and call fn for each row. */
static enum err choices(struct db *db, const char *sql, int64_t root,
			bool (*fn)(void *ctx, const struct desk_choice *c), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, root);
	sqlite3_bind_int(st, 2, DESK_CHOICES_MAX);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct desk_choice c = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_col_text(st, 1),
			.name = db_col_text(st, 2),
			.unit = db_col_text(st, 3),
			.local = sqlite3_column_int(st, 4) != 0,
		};
		if (!fn(ctx, &c)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "desk choices");
}

static const char sql_departments[] =
	"SELECT d.id, d.code, d.name, coalesce(p.name, ''), "
	"coalesce(substr(d.path, 1, length(r.path)) = r.path, 0) AS local "
	"FROM units d LEFT JOIN units p ON p.id = d.parent_id LEFT JOIN units r ON r.id = ?1 "
	"WHERE d.level = 'department' ORDER BY local DESC, d.code LIMIT ?2";

/* See desk_store.h. */
enum err desk_store_departments(struct db *db, int64_t root_unit_id,
				bool (*fn)(void *ctx, const struct desk_choice *c), void *ctx)
{
	return choices(db, sql_departments, root_unit_id, fn, ctx);
}

static const char sql_specialists[] =
	"SELECT s.id, s.username, s.name, coalesce(u.code, ''), "
	"coalesce(substr(u.path, 1, length(r.path)) = r.path, 0) AS local "
	"FROM users s LEFT JOIN units u ON u.id = s.unit_id LEFT JOIN units r ON r.id = ?1 "
	"WHERE s.role = 'specialist' AND s.active = 1 ORDER BY local DESC, u.code, s.name "
	"LIMIT ?2";

/* See desk_store.h. */
enum err desk_store_specialists(struct db *db, int64_t root_unit_id,
				bool (*fn)(void *ctx, const struct desk_choice *c), void *ctx)
{
	return choices(db, sql_specialists, root_unit_id, fn, ctx);
}

static const char sql_assignable[] =
	"SELECT 1 FROM users WHERE id = ? AND active = 1 AND "
	"(role = 'specialist' OR role = 'leader' OR role = 'clerk')";

/* See desk_store.h. */
enum err desk_store_assignable(struct db *db, int64_t id, bool *ok)
{
	sqlite3_stmt *st = db_stmt(db, sql_assignable);
	if (!st)
		return E_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*ok = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_fail(db, "assignable");
}

/* admin_user_store.c - SQL for the administration of accounts. */
#include "motcua/admin_user_store.h"
#include "db_sql.h"

#define USER_COLUMNS \
	"u.id, u.username, u.name, u.email, u.phone, u.role, COALESCE(u.unit_id, 0), " \
	"COALESCE(n.code, ''), COALESCE(n.name, ''), COALESCE(n.path, ''), u.active, " \
	"EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL), " \
	"u.password_hash <> '" PASSWORD_UNSET "', u.created_at "

static const char SQL_EACH[] =
	"SELECT " USER_COLUMNS "FROM users u LEFT JOIN units n ON n.id = u.unit_id "
	"WHERE (u.unit_id IS NULL OR n.path LIKE ?1 || '%') AND (?2 IS NULL OR u.role = ?2) "
	"AND (?3 = 0 OR u.unit_id = ?3) ORDER BY u.username";
static const char SQL_GET[] =
	"SELECT " USER_COLUMNS "FROM users u LEFT JOIN units n ON n.id = u.unit_id "
	"WHERE u.id = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO users (username, name, email, phone, role, unit_id, password_hash, active, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '" PASSWORD_UNSET "', 1, ?7)";
static const char SQL_ROLE_UNIT[] = "UPDATE users SET role = ?2, unit_id = ?3 WHERE id = ?1";
static const char SQL_ACTIVE[] = "UPDATE users SET active = ?2 WHERE id = ?1";
static const char SQL_UNITS[] =
	"SELECT id, code, name, path FROM units WHERE path LIKE ?1 || '%' ORDER BY path";

/* The row st is on. */
static void read_row(sqlite3_stmt *st, struct admin_user_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->username = db_col_text(st, 1);
	r->name = db_col_text(st, 2);
	r->email = db_col_text(st, 3);
	r->phone = db_col_text(st, 4);
	r->role = db_col_text(st, 5);
	r->unit_id = sqlite3_column_int64(st, 6);
	r->unit_code = db_col_text(st, 7);
	r->unit_name = db_col_text(st, 8);
	r->unit_path = db_col_text(st, 9);
	r->active = sqlite3_column_int(st, 10) != 0;
	r->totp = sqlite3_column_int(st, 11) != 0;
	r->password_set = sqlite3_column_int(st, 12) != 0;
	r->created_at = sqlite3_column_int64(st, 13);
}

/* See admin_user_store.h. */
enum err admin_user_store_each(struct db *db, const char *root_path, const char *role,
			       int64_t unit_id,
			       bool (*fn)(const struct admin_user_row *r, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_EACH);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path);
	db_bind_text(st, 2, role);
	db_bind_int(st, 3, unit_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct admin_user_row r;
		read_row(st, &r);
		if (!fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	enum err e = rc == SQLITE_DONE ? E_OK : db_fail(db, "admin users");
	sqlite3_reset(st);
	return e;
}

/* See admin_user_store.h. */
enum err admin_user_store_get(struct db *db, int64_t id,
			      void (*fn)(const struct admin_user_row *r, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		struct admin_user_row r;
		read_row(st, &r);
		fn(&r, ctx);
	} else if (rc == SQLITE_DONE) {
		e = E_NOTFOUND;
	} else {
		e = db_fail(db, "admin user");
	}
	sqlite3_reset(st);
	return e;
}

/* See admin_user_store.h. */
enum err admin_user_store_insert(struct db *db, const char *username, const char *name,
				 const char *email, const char *phone, const char *role,
				 int64_t unit_id, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, email);
	db_bind_text(st, 4, phone);
	db_bind_text(st, 5, role);
	if (unit_id > 0)
		db_bind_int(st, 6, unit_id);
	db_bind_int(st, 7, now);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* See admin_user_store.h. */
enum err admin_user_store_set_role_unit(struct db *db, int64_t id, const char *role,
					int64_t unit_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ROLE_UNIT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, role);
	if (unit_id > 0)
		db_bind_int(st, 3, unit_id);
	return db_step_done(db, st);
}

/* See admin_user_store.h. */
enum err admin_user_store_set_active(struct db *db, int64_t id, bool active)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ACTIVE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, active ? 1 : 0);
	return db_step_done(db, st);
}

/* See admin_user_store.h. */
enum err admin_user_store_units(struct db *db, const char *root_path,
				void (*fn)(const struct admin_unit_row *u, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UNITS);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, root_path);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct admin_unit_row u = { sqlite3_column_int64(st, 0), db_col_text(st, 1),
					    db_col_text(st, 2), db_col_text(st, 3) };
		fn(&u, ctx);
	}
	enum err e = rc == SQLITE_DONE ? E_OK : db_fail(db, "admin units");
	sqlite3_reset(st);
	return e;
}

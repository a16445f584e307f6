/* user_store.c - SQL for the users table. */
#include "motcua/user_store.h"
#include "db_sql.h"

#include <string.h>

static const char SQL_UNIT_ID[] = "SELECT id FROM units WHERE code = ?1";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (username, name, role, unit_id, password_hash, active, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)";

/* See user_store.h. */
enum err user_store_unit_id(struct db *db, const char *code, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UNIT_ID);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "unit lookup");
	sqlite3_reset(st);
	return e;
}

/* See user_store.h. */
enum err user_store_insert(struct db *db, const char *username, const char *name,
			   const char *role, int64_t unit_id, const char *hash, int64_t now,
			   int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_INSERT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, role);
	if (unit_id > 0)
		db_bind_int(st, 4, unit_id);
	db_bind_text(st, 5, hash);
	db_bind_int(st, 6, now);
	enum err e = db_step_done(db, st);
	if (e == E_OK && id)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

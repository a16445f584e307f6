/* api_token_store.c - SQL for API tokens (api_token_store.h). */
#include "motcua/api_token_store.h"

#include <stdio.h>
#include <string.h>

#include "db_sql.h"

#define TOKEN_COLS \
	"t.id, t.name, t.unit_id, u.code, u.name, u.path, t.created_at, " \
	"coalesce(t.created_by, 0), coalesce(c.name, ''), coalesce(t.revoked_at, 0), " \
	"coalesce(t.last_used_at, 0)"
#define TOKEN_FROM \
	" FROM api_tokens t JOIN units u ON u.id = t.unit_id " \
	"LEFT JOIN users c ON c.id = t.created_by "

static const char SQL_INSERT[] =
	"INSERT INTO api_tokens (name, unit_id, token_hash, created_at, created_by) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_BY_HASH[] = "SELECT " TOKEN_COLS TOKEN_FROM "WHERE t.token_hash = ?1";
static const char SQL_BY_ID[] = "SELECT " TOKEN_COLS TOKEN_FROM "WHERE t.id = ?1";
static const char SQL_REVOKE[] =
	"UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
static const char SQL_TOUCH[] = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1";
static const char SQL_EACH[] =
	"SELECT " TOKEN_COLS TOKEN_FROM "WHERE substr(u.path, 1, length(?1)) = ?1 "
	"ORDER BY t.id DESC";

/* Read a row of TOKEN_COLS. */
static void read_row(sqlite3_stmt *st, struct api_token_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	snprintf(r->name, sizeof(r->name), "%s", db_col_text(st, 1));
	r->unit_id = sqlite3_column_int64(st, 2);
	snprintf(r->unit_code, sizeof(r->unit_code), "%s", db_col_text(st, 3));
	snprintf(r->unit_name, sizeof(r->unit_name), "%s", db_col_text(st, 4));
	snprintf(r->unit_path, sizeof(r->unit_path), "%s", db_col_text(st, 5));
	r->created_at = sqlite3_column_int64(st, 6);
	r->created_by = sqlite3_column_int64(st, 7);
	snprintf(r->created_by_name, sizeof(r->created_by_name), "%s", db_col_text(st, 8));
	r->revoked_at = sqlite3_column_int64(st, 9);
	r->last_used_at = sqlite3_column_int64(st, 10);
}

/* Step st (bound) for at most one row into out. */
static enum err one(struct db *db, sqlite3_stmt *st, struct api_token_row *out)
{
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_row(st, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "api token lookup");
	sqlite3_reset(st);
	return e;
}

/* See api_token_store.h. */
enum err api_token_store_insert(struct db *db, const char *name, int64_t unit_id,
				const unsigned char hash[API_TOKEN_HASH_BYTES], int64_t created_at,
				int64_t created_by, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, unit_id);
	sqlite3_bind_blob(st, 3, hash, API_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	db_bind_int(st, 4, created_at);
	if (created_by > 0)
		db_bind_int(st, 5, created_by);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* See api_token_store.h. */
enum err api_token_store_by_hash(struct db *db, const unsigned char hash[API_TOKEN_HASH_BYTES],
				 struct api_token_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_HASH);
	if (!st)
		return E_DB;
	sqlite3_bind_blob(st, 1, hash, API_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	return one(db, st, out);
}

/* See api_token_store.h. */
enum err api_token_store_by_id(struct db *db, int64_t id, struct api_token_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_ID);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return one(db, st, out);
}

/* See api_token_store.h. */
enum err api_token_store_revoke(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REVOKE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	enum err e = db_step_done(db, st);
	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		e = E_NOTFOUND;
	return e;
}

/* See api_token_store.h. */
enum err api_token_store_touch(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOUCH);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	return db_step_done(db, st);
}

/* See api_token_store.h. */
enum err api_token_store_each(struct db *db, const char *path_prefix,
			      void (*row)(void *ctx, const struct api_token_row *r), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, SQL_EACH);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, path_prefix ? path_prefix : "");
	int rc;
	struct api_token_row r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &r);
		row(ctx, &r);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_fail(db, "api token list");
}

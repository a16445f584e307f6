/* register_store.c - SQL for registration and email confirmation links. */
#include "motcua/register_store.h"

#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

const char *const account_kind_names[] = { "person", "organisation", NULL };

static const char SQL_TAKEN_ID[] =
	"SELECT count(*) FROM users WHERE id_number = ?1 OR tax_code = ?2";
static const char SQL_TAKEN_EMAIL[] = "SELECT count(*) FROM users WHERE email = ?1";
static const char SQL_TAKEN_USERNAME[] = "SELECT count(*) FROM users WHERE username = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO users (username, name, role, password_hash, active, created_at, email, "
	"phone, lang, kind, id_number, tax_code) "
	"VALUES (?1, ?2, 'citizen', ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_CONFIRM_ADD[] =
	"INSERT INTO email_confirmations (user_id, token_hash, email, created_at, expires_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_CONFIRM_GET[] =
	"SELECT c.id, c.user_id, c.expires_at, c.used_at IS NOT NULL, c.email = u.email "
	"FROM email_confirmations c JOIN users u ON u.id = c.user_id WHERE c.token_hash = ?1";
static const char SQL_CONFIRM_USED[] =
	"UPDATE email_confirmations SET used_at = ?2 WHERE id = ?1";
static const char SQL_CONFIRM_USER[] =
	"UPDATE users SET email_confirmed_at = ?2 WHERE id = ?1";
static const char SQL_EMAIL[] =
	"SELECT email, coalesce(email_confirmed_at, 0) FROM users WHERE id = ?1";

/* *n: the count of a (text, text) query; the second is bound only when b is not NULL. */
static enum err count2(struct db *db, const char *sql, const char *a, const char *b,
		       int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return E_DB;
	if (a)
		db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	return db_int_step(db, st, n);
}

/* See register_store.h. */
enum err register_store_taken(struct db *db, const struct new_account *a,
			      enum account_taken *what)
{
	*what = TAKEN_NONE;
	int64_t n = 0;
	enum err e = count2(db, SQL_TAKEN_ID, a->id_number, a->tax_code, &n);
	if (e == E_OK && n) {
		*what = TAKEN_ID;
		return E_OK;
	}
	if (e == E_OK)
		e = count2(db, SQL_TAKEN_EMAIL, a->email ? a->email : "", NULL, &n);
	if (e == E_OK && n) {
		*what = TAKEN_EMAIL;
		return E_OK;
	}
	if (e == E_OK)
		e = count2(db, SQL_TAKEN_USERNAME, a->username, NULL, &n);
	if (e == E_OK && n)
		*what = TAKEN_USERNAME;
	return e;
}

/* See register_store.h. */
enum err register_store_insert(struct db *db, const struct new_account *a, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, a->username);
	db_bind_text(st, 2, a->name);
	db_bind_text(st, 3, a->password_hash);
	db_bind_int(st, 4, a->now);
	db_bind_text(st, 5, a->email ? a->email : "");
	db_bind_text(st, 6, a->phone ? a->phone : "");
	db_bind_text(st, 7, a->lang ? a->lang : "vi");
	db_bind_text(st, 8, account_kind_names[a->kind == ACCOUNT_ORGANISATION]);
	if (a->id_number)
		db_bind_text(st, 9, a->id_number);
	if (a->tax_code)
		db_bind_text(st, 10, a->tax_code);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return E_CONFLICT;
	if (rc != SQLITE_DONE)
		return db_fail(db, "register account");
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return E_OK;
}

/* See register_store.h. */
enum err confirm_store_add(struct db *db, int64_t user_id,
			   const unsigned char hash[CONFIRM_HASH_BYTES], const char *email,
			   int64_t now, int64_t expires_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CONFIRM_ADD);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	sqlite3_bind_blob(st, 2, hash, CONFIRM_HASH_BYTES, SQLITE_TRANSIENT);
	db_bind_text(st, 3, email);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, expires_at);
	return db_step_done(db, st);
}

/* See register_store.h. */
enum err confirm_store_use(struct db *db, const unsigned char hash[CONFIRM_HASH_BYTES],
			   int64_t now, enum confirm_result *r)
{
	*r = CONFIRM_UNKNOWN;
	sqlite3_stmt *st = db_stmt(db, SQL_CONFIRM_GET);
	if (!st)
		return E_DB;
	sqlite3_bind_blob(st, 1, hash, CONFIRM_HASH_BYTES, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return E_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, "confirmation link");
	}
	int64_t id = sqlite3_column_int64(st, 0), user_id = sqlite3_column_int64(st, 1);
	int64_t expires = sqlite3_column_int64(st, 2);
	bool used = sqlite3_column_int(st, 3), same = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	*r = used ? CONFIRM_USED : now >= expires ? CONFIRM_EXPIRED : !same ? CONFIRM_STALE
									    : CONFIRM_OK;
	if (*r != CONFIRM_OK)
		return E_OK;
	st = db_stmt(db, SQL_CONFIRM_USED);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	enum err e = db_step_done(db, st);
	if (e != E_OK)
		return e;
	st = db_stmt(db, SQL_CONFIRM_USER);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	return db_step_done(db, st);
}

/* See register_store.h. */
enum err register_store_email(struct db *db, int64_t user_id, char **email,
			      int64_t *confirmed_at)
{
	*email = NULL;
	*confirmed_at = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_EMAIL);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		*email = xstrdup(db_col_text(st, 0));
		*confirmed_at = sqlite3_column_int64(st, 1);
	} else {
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "account email");
	}
	sqlite3_reset(st);
	return e;
}

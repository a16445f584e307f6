/* twofactor_store.c - SQL for password links, TOTP secrets, recovery codes and pending
 * sign-ins (migration 0014). */
#include "motcua/twofactor_store.h"
#include "db_sql.h"

#include <string.h>

const char *const password_link_purpose_names[] = { "set", "reset", NULL };
const char *const pending_purpose_names[] = { "verify", "enrol", NULL };

static const char SQL_LINK_RETIRE[] =
	"UPDATE password_links SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL";
static const char SQL_LINK_ADD[] =
	"INSERT INTO password_links (user_id, token_hash, purpose, created_by, created_at, "
	"expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_LINK_GET[] =
	"SELECT user_id, expires_at, COALESCE(used_at, 0) FROM password_links "
	"WHERE token_hash = ?1";
static const char SQL_LINK_USE[] =
	"UPDATE password_links SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL";
static const char SQL_TOTP_GET[] =
	"SELECT secret_box, COALESCE(enabled_at, 0), last_step FROM user_totp WHERE user_id = ?1";
static const char SQL_TOTP_DEL[] = "DELETE FROM user_totp WHERE user_id = ?1";
static const char SQL_TOTP_PUT[] =
	"INSERT INTO user_totp (user_id, secret_box, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_TOTP_ENABLE[] =
	"UPDATE user_totp SET enabled_at = ?2, last_step = ?3 WHERE user_id = ?1";
static const char SQL_TOTP_STEP[] =
	"UPDATE user_totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
static const char SQL_TOTP_HAD[] =
	"SELECT COUNT(*) FROM user_totp WHERE user_id = ?1 AND enabled_at IS NOT NULL";
static const char SQL_REC_DEL[] = "DELETE FROM recovery_codes WHERE user_id = ?1";
static const char SQL_REC_ADD[] = "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)";
static const char SQL_REC_USE[] =
	"UPDATE recovery_codes SET used_at = ?3 WHERE id = (SELECT id FROM recovery_codes "
	"WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL LIMIT 1)";
static const char SQL_REC_LEFT[] =
	"SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL";
static const char SQL_PENDING_ADD[] =
	"INSERT INTO signin_pending (token_hash, user_id, purpose, created_at, expires_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_PENDING_GET[] =
	"SELECT id, user_id, purpose, expires_at, COALESCE(used_at, 0), failures "
	"FROM signin_pending WHERE token_hash = ?1";
static const char SQL_PENDING_FAIL[] =
	"UPDATE signin_pending SET failures = failures + 1 WHERE id = ?1";
static const char SQL_PENDING_USE[] =
	"UPDATE signin_pending SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL";
static const char SQL_PENDING_SWEEP[] = "DELETE FROM signin_pending WHERE expires_at < ?1";

/* Bind a token hash. */
static void bind_hash(sqlite3_stmt *st, int idx, const unsigned char h[TOKEN_HASH_BYTES])
{
	sqlite3_bind_blob(st, idx, h, TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
}

/* Step a bound UPDATE; *changed says whether a row changed. */
static enum err step_changed(struct db *db, sqlite3_stmt *st, bool *changed)
{
	enum err e = db_step_done(db, st);
	*changed = e == E_OK && sqlite3_changes(db_handle(db)) > 0;
	return e;
}

/* See twofactor_store.h. */
enum err password_link_store_add(struct db *db, int64_t user_id, enum password_link_purpose p,
				 const unsigned char hash[TOKEN_HASH_BYTES], int64_t created_by,
				 int64_t now, int64_t expires_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINK_RETIRE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	enum err e = db_step_done(db, st);
	if (e != E_OK || !(st = db_stmt(db, SQL_LINK_ADD)))
		return E_DB;
	db_bind_int(st, 1, user_id);
	bind_hash(st, 2, hash);
	db_bind_text(st, 3, password_link_purpose_names[p]);
	if (created_by > 0)
		db_bind_int(st, 4, created_by);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, expires_at);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err password_link_store_get(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
				 int64_t *user_id, int64_t *expires_at, int64_t *used_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINK_GET);
	if (!st)
		return E_DB;
	bind_hash(st, 1, hash);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		*expires_at = sqlite3_column_int64(st, 1);
		*used_at = sqlite3_column_int64(st, 2);
	} else {
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "password link");
	}
	sqlite3_reset(st);
	return e;
}

/* See twofactor_store.h. */
enum err password_link_store_use(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
				 int64_t now, bool *changed)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINK_USE);
	if (!st)
		return E_DB;
	bind_hash(st, 1, hash);
	db_bind_int(st, 2, now);
	return step_changed(db, st, changed);
}

/* See twofactor_store.h. */
enum err totp_store_get(struct db *db, int64_t user_id, unsigned char box[TOTP_BOX_MAX],
			size_t *box_len, int64_t *enabled_at, int64_t *last_step)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOTP_GET);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		const void *p = sqlite3_column_blob(st, 0);
		if (n < 0 || n > TOTP_BOX_MAX || !p) {
			e = E_DB;
		} else {
			memcpy(box, p, (size_t)n);
			*box_len = (size_t)n;
			*enabled_at = sqlite3_column_int64(st, 1);
			*last_step = sqlite3_column_int64(st, 2);
		}
	} else {
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "totp");
	}
	sqlite3_reset(st);
	return e;
}

/* See twofactor_store.h. */
enum err totp_store_put(struct db *db, int64_t user_id, const unsigned char *box, size_t len,
			int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOTP_DEL);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	if (db_step_done(db, st) != E_OK || !(st = db_stmt(db, SQL_TOTP_PUT)))
		return E_DB;
	db_bind_int(st, 1, user_id);
	sqlite3_bind_blob(st, 2, box, (int)len, SQLITE_TRANSIENT);
	db_bind_int(st, 3, now);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err totp_store_enable(struct db *db, int64_t user_id, int64_t now, int64_t step)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOTP_ENABLE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, step);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err totp_store_step(struct db *db, int64_t user_id, int64_t step, bool *changed)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOTP_STEP);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, step);
	return step_changed(db, st, changed);
}

/* See twofactor_store.h. */
enum err totp_store_delete(struct db *db, int64_t user_id, bool *had)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOTP_HAD);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	int64_t n = 0;
	if (db_int_step(db, st, &n) == E_DB)
		return E_DB;
	*had = n > 0;
	if (!(st = db_stmt(db, SQL_TOTP_DEL)))
		return E_DB;
	db_bind_int(st, 1, user_id);
	if (db_step_done(db, st) != E_OK || !(st = db_stmt(db, SQL_REC_DEL)))
		return E_DB;
	db_bind_int(st, 1, user_id);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err recovery_store_replace(struct db *db, int64_t user_id,
				const unsigned char (*hashes)[TOKEN_HASH_BYTES], int n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REC_DEL);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	if (db_step_done(db, st) != E_OK)
		return E_DB;
	for (int i = 0; i < n; i++) {
		if (!(st = db_stmt(db, SQL_REC_ADD)))
			return E_DB;
		db_bind_int(st, 1, user_id);
		bind_hash(st, 2, hashes[i]);
		if (db_step_done(db, st) != E_OK)
			return E_DB;
	}
	return E_OK;
}

/* See twofactor_store.h. */
enum err recovery_store_use(struct db *db, int64_t user_id,
			    const unsigned char hash[TOKEN_HASH_BYTES], int64_t now, bool *used)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REC_USE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	bind_hash(st, 2, hash);
	db_bind_int(st, 3, now);
	return step_changed(db, st, used);
}

/* See twofactor_store.h. */
enum err recovery_store_left(struct db *db, int64_t user_id, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REC_LEFT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	return db_int_step(db, st, n) == E_DB ? E_DB : E_OK;
}

/* See twofactor_store.h. */
enum err pending_store_add(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
			   int64_t user_id, enum pending_purpose p, int64_t now,
			   int64_t expires_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING_ADD);
	if (!st)
		return E_DB;
	bind_hash(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, pending_purpose_names[p]);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, expires_at);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err pending_store_get(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
			   struct pending_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING_GET);
	if (!st)
		return E_DB;
	bind_hash(st, 1, hash);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		out->purpose = strcmp(db_col_text(st, 2), "enrol") ? PENDING_VERIFY : PENDING_ENROL;
		out->expires_at = sqlite3_column_int64(st, 3);
		out->used_at = sqlite3_column_int64(st, 4);
		out->failures = sqlite3_column_int64(st, 5);
	} else {
		e = rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "pending sign-in");
	}
	sqlite3_reset(st);
	return e;
}

/* See twofactor_store.h. */
enum err pending_store_fail(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING_FAIL);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return db_step_done(db, st);
}

/* See twofactor_store.h. */
enum err pending_store_use(struct db *db, int64_t id, int64_t now, bool *changed)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING_USE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return step_changed(db, st, changed);
}

/* See twofactor_store.h. */
enum err pending_store_sweep(struct db *db, int64_t before)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PENDING_SWEEP);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, before);
	return db_step_done(db, st);
}

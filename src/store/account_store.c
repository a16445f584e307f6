/* account_store.c - SQL for accounts, sessions and the sign-in audit table. */
#include "motcua/account_store.h"

#include <stdio.h>
#include <string.h>

#include "db_sql.h"
#include "motcua/xalloc.h"

#define ACCOUNT_COLS \
	"u.id, u.username, u.name, u.role, coalesce(u.unit_id, 0), coalesce(un.code, ''), " \
	"u.password_hash, u.active"

static const char SQL_BY_USERNAME[] =
	"SELECT " ACCOUNT_COLS " FROM users u LEFT JOIN units un ON un.id = u.unit_id "
	"WHERE u.username = ?1";
static const char SQL_BY_ID[] =
	"SELECT " ACCOUNT_COLS " FROM users u LEFT JOIN units un ON un.id = u.unit_id "
	"WHERE u.id = ?1";
static const char SQL_CONTACT[] =
	"SELECT name, kind, coalesce(id_number, ''), coalesce(tax_code, ''), phone, email "
	"FROM users WHERE id = ?1";
static const char SQL_SET_PASSWORD[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, client, "
	"user_agent) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)";
#define SESSION_COLS \
	"s.id, s.user_id, s.created_at, s.last_seen, s.expires_at, coalesce(s.revoked_at, 0), " \
	"s.client, s.user_agent"
static const char SQL_SESSION_BY_HASH[] =
	"SELECT " SESSION_COLS ", " ACCOUNT_COLS " FROM sessions s JOIN users u ON u.id = s.user_id "
	"LEFT JOIN units un ON un.id = u.unit_id WHERE s.token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1";
static const char SQL_SESSION_REVOKE_HASH[] =
	"UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL";
static const char SQL_SESSION_REVOKE_USER[] =
	"UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";
static const char SQL_SESSION_SWEEP[] = "DELETE FROM sessions WHERE expires_at < ?1";
static const char SQL_SESSION_ACTIVE[] =
	"SELECT " SESSION_COLS " FROM sessions s WHERE s.user_id = ?1 AND s.revoked_at IS NULL "
	"AND s.expires_at > ?2 AND s.last_seen > ?3 ORDER BY s.last_seen DESC, s.id DESC LIMIT 50";
static const char SQL_AUDIT_ADD[] =
	"INSERT INTO signin_audit (at, kind, username, user_id, client, user_agent) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_FAILURES_BY_USERNAME[] =
	"SELECT count(*), coalesce(max(at), 0) FROM signin_audit WHERE username = ?1 AND at > ?2 "
	"AND (kind = 'unknown_user' OR kind = 'wrong_password')";
static const char SQL_FAILURES_BY_CLIENT[] =
	"SELECT count(*), coalesce(max(at), 0) FROM signin_audit WHERE client = ?1 AND at > ?2 "
	"AND (kind = 'unknown_user' OR kind = 'wrong_password')";
static const char SQL_REGISTRATIONS_BY_CLIENT[] =
	"SELECT count(*), coalesce(max(at), 0) FROM signin_audit WHERE client = ?1 AND at > ?2 "
	"AND (kind = 'register' OR kind = 'register_refused')";
static const char SQL_LAST_SUCCESS[] =
	"SELECT coalesce(max(at), 0) FROM signin_audit WHERE username = ?1 AND at > ?2 "
	"AND kind = 'success'";

static const char *const signin_event_names[SE__MAX] = {
	[SE_SUCCESS] = "success",
	[SE_UNKNOWN_USER] = "unknown_user",
	[SE_WRONG_PASSWORD] = "wrong_password",
	[SE_THROTTLED] = "throttled",
	[SE_INACTIVE] = "inactive",
	[SE_SIGN_OUT] = "sign_out",
	[SE_PASSWORD_CHANGE] = "password_change",
	[SE_REGISTER] = "register",
	[SE_REGISTER_REFUSED] = "register_refused",
};

/* See account_store.h. */
const char *signin_event_name(enum signin_event kind)
{
	return (unsigned)kind < SE__MAX ? signin_event_names[kind] : "?";
}

/* Copy column col as text into out[0..n) (the columns are shorter than the buffers). */
static void col_copy(sqlite3_stmt *st, int col, char *out, size_t n)
{
	snprintf(out, n, "%s", db_col_text(st, col));
}

/* Cut s to at most max bytes without splitting a UTF-8 character, into out (max + 1). */
static const char *cap_text(const char *s, size_t max, char *out)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Read the account columns starting at column c. */
static void read_account(sqlite3_stmt *st, int c, struct account_row *a)
{
	a->id = sqlite3_column_int64(st, c);
	col_copy(st, c + 1, a->username, sizeof(a->username));
	col_copy(st, c + 2, a->name, sizeof(a->name));
	col_copy(st, c + 3, a->role, sizeof(a->role));
	a->unit_id = sqlite3_column_int64(st, c + 4);
	col_copy(st, c + 5, a->unit_code, sizeof(a->unit_code));
	col_copy(st, c + 6, a->password_hash, sizeof(a->password_hash));
	a->active = sqlite3_column_int64(st, c + 7) != 0;
}

/* Read the session columns starting at column 0. */
static void read_session(sqlite3_stmt *st, struct session_row *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->user_id = sqlite3_column_int64(st, 1);
	s->created_at = sqlite3_column_int64(st, 2);
	s->last_seen = sqlite3_column_int64(st, 3);
	s->expires_at = sqlite3_column_int64(st, 4);
	s->revoked_at = sqlite3_column_int64(st, 5);
	col_copy(st, 6, s->client, sizeof(s->client));
	col_copy(st, 7, s->user_agent, sizeof(s->user_agent));
}

/* Step st (bound) expecting at most one account row. */
static enum err one_account(struct db *db, sqlite3_stmt *st, struct account_row *out)
{
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW)
		read_account(st, 0, out);
	else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_fail(db, "account lookup");
	sqlite3_reset(st);
	return e;
}

/* See account_store.h. */
enum err account_store_by_username(struct db *db, const char *username, struct account_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_USERNAME);
	if (!st)
		return E_DB;
	db_bind_text(st, 1, username);
	return one_account(db, st, out);
}

/* See account_store.h. */
enum err account_store_by_id(struct db *db, int64_t id, struct account_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_ID);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	return one_account(db, st, out);
}

/* See account_store.h. */
enum err account_store_contact(struct db *db, int64_t id, struct account_contact *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CONTACT);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		col_copy(st, 0, out->name, sizeof(out->name));
		col_copy(st, 1, out->kind, sizeof(out->kind));
		col_copy(st, 2, out->id_number, sizeof(out->id_number));
		col_copy(st, 3, out->tax_code, sizeof(out->tax_code));
		col_copy(st, 4, out->phone, sizeof(out->phone));
		col_copy(st, 5, out->email, sizeof(out->email));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return E_OK;
	return rc == SQLITE_DONE ? E_NOTFOUND : db_fail(db, "account contact");
}

/* See account_store.h. */
enum err account_store_set_password(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SET_PASSWORD);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	return db_step_done(db, st);
}

/* See account_store.h. */
enum err session_store_insert(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
			      int64_t user_id, int64_t now, int64_t expires_at, const char *client,
			      const char *user_agent, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_INSERT);
	if (!st)
		return E_DB;
	char c[AUDIT_CLIENT_MAX + 1], ua[AUDIT_AGENT_MAX + 1];
	sqlite3_bind_blob(st, 1, hash, SESSION_HASH_BYTES, SQLITE_TRANSIENT);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	db_bind_text(st, 5, cap_text(client, AUDIT_CLIENT_MAX, c));
	db_bind_text(st, 6, cap_text(user_agent, AUDIT_AGENT_MAX, ua));
	enum err e = db_step_done(db, st);
	if (e == E_OK && id)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return e;
}

/* See account_store.h. */
enum err session_store_by_hash(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
			       struct session_row *s, struct account_row *a)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_BY_HASH);
	if (!st)
		return E_DB;
	sqlite3_bind_blob(st, 1, hash, SESSION_HASH_BYTES, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		read_session(st, s);
		read_account(st, 8, a);
	} else if (rc == SQLITE_DONE) {
		e = E_NOTFOUND;
	} else {
		e = db_fail(db, "session lookup");
	}
	sqlite3_reset(st);
	return e;
}

/* Bind an id and a time to a two-parameter update and run it. */
static enum err update_id_time(struct db *db, const char *sql, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_step_done(db, st);
}

/* See account_store.h. */
enum err session_store_touch(struct db *db, int64_t id, int64_t now)
{
	return update_id_time(db, SQL_SESSION_TOUCH, id, now);
}

/* See account_store.h. */
enum err session_store_revoke_hash(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
				   int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_REVOKE_HASH);
	if (!st)
		return E_DB;
	sqlite3_bind_blob(st, 1, hash, SESSION_HASH_BYTES, SQLITE_TRANSIENT);
	db_bind_int(st, 2, now);
	return db_step_done(db, st);
}

/* See account_store.h. */
enum err session_store_revoke_user(struct db *db, int64_t user_id, int64_t now)
{
	return update_id_time(db, SQL_SESSION_REVOKE_USER, user_id, now);
}

/* See account_store.h. */
enum err session_store_sweep(struct db *db, int64_t expired_before, int64_t *deleted)
{
	*deleted = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_SWEEP);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, expired_before);
	enum err e = db_step_done(db, st);
	if (e == E_OK)
		*deleted = sqlite3_changes(db_handle(db));
	return e;
}

/* See account_store.h. */
enum err session_store_active(struct db *db, int64_t user_id, int64_t now, int64_t seen_after,
			      struct session_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_ACTIVE);
	if (!st)
		return E_DB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, seen_after);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = xrealloc(*rows, (size_t)(*n + 1) * sizeof(**rows));
		read_session(st, &(*rows)[(*n)++]);
	}
	enum err e = rc == SQLITE_DONE ? E_OK : db_fail(db, "active sessions");
	sqlite3_reset(st);
	return e;
}

/* See account_store.h. */
enum err signin_audit_add(struct db *db, int64_t at, enum signin_event kind, const char *username,
			  int64_t user_id, const char *client, const char *user_agent)
{
	sqlite3_stmt *st = db_stmt(db, SQL_AUDIT_ADD);
	if (!st)
		return E_DB;
	char u[AUDIT_USERNAME_MAX + 1], c[AUDIT_CLIENT_MAX + 1], ua[AUDIT_AGENT_MAX + 1];
	db_bind_int(st, 1, at);
	db_bind_text(st, 2, signin_event_name(kind));
	db_bind_text(st, 3, cap_text(username, AUDIT_USERNAME_MAX, u));
	if (user_id > 0)
		db_bind_int(st, 4, user_id);
	db_bind_text(st, 5, cap_text(client, AUDIT_CLIENT_MAX, c));
	db_bind_text(st, 6, cap_text(user_agent, AUDIT_AGENT_MAX, ua));
	return db_step_done(db, st);
}

/* Run a (key, since) query returning (count, last). */
static enum err count_last(struct db *db, const char *sql, const char *key, int64_t since,
			   int64_t *count, int64_t *last)
{
	*count = 0;
	if (last)
		*last = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return E_DB;
	char k[AUDIT_USERNAME_MAX + 1];
	db_bind_text(st, 1, cap_text(key, AUDIT_USERNAME_MAX, k));
	db_bind_int(st, 2, since);
	int rc = sqlite3_step(st);
	enum err e = E_OK;
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		if (last)
			*last = sqlite3_column_int64(st, 1);
	} else {
		e = db_fail(db, "sign-in audit count");
	}
	sqlite3_reset(st);
	return e;
}

/* See account_store.h. */
enum err signin_audit_failures_by_username(struct db *db, const char *username, int64_t since,
					   int64_t *count, int64_t *last)
{
	return count_last(db, SQL_FAILURES_BY_USERNAME, username, since, count, last);
}

/* See account_store.h. */
enum err signin_audit_failures_by_client(struct db *db, const char *client, int64_t since,
					 int64_t *count, int64_t *last)
{
	return count_last(db, SQL_FAILURES_BY_CLIENT, client, since, count, last);
}

/* See account_store.h. */
enum err signin_audit_last_success(struct db *db, const char *username, int64_t since,
				   int64_t *at)
{
	return count_last(db, SQL_LAST_SUCCESS, username, since, at, NULL);
}

/* See account_store.h. */
enum err signin_audit_registrations_by_client(struct db *db, const char *client, int64_t since,
					      int64_t *count, int64_t *last)
{
	return count_last(db, SQL_REGISTRATIONS_BY_CLIENT, client, since, count, last);
}

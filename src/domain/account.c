/* account.c - sign-in, sign-out and change of password: throttling from the audit table,
 * Argon2id through the gate, audit rows, session rotation. */
#include "motcua/account.h"

#include <string.h>

#include <sodium.h>

#include "motcua/auth.h"
#include "motcua/log.h"
#include "motcua/text.h"
#include "motcua/twofactor.h"

/* See account.h. */
enum err accounts_init(struct accounts *acc, const struct account_policy *policy,
		       struct pwgate *gate)
{
	memset(acc, 0, sizeof(*acc));
	acc->policy = *policy;
	acc->gate = gate;
	unsigned char raw[24];
	char pw[49];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	enum err e = auth_password_hash(pw, acc->dummy_hash);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(raw, sizeof(raw));
	return e;
}

/* See account.h. */
void accounts_free(struct accounts *acc)
{
	pwgate_free(acc->gate);
	acc->gate = NULL;
}

/* "" for NULL. */
static const char *str(const char *s)
{
	return s ? s : "";
}

/* See account.h. */
enum err account_throttled_until(const struct account_policy *p, struct db *db, int64_t now,
				 const char *username, const char *client, int64_t *until)
{
	*until = 0;
	int64_t since = now - p->by_account.window_s, ok_at = 0, n = 0, last = 0;
	enum err e = signin_audit_last_success(db, username, since, &ok_at);
	if (e == E_OK)
		e = signin_audit_failures_by_username(db, username, ok_at > since ? ok_at : since,
						      &n, &last);
	if (e != E_OK)
		return e;
	*until = throttle_until(&p->by_account, n, last);
	e = signin_audit_failures_by_client(db, client, now - p->by_client.window_s, &n, &last);
	if (e != E_OK)
		return e;
	int64_t u = throttle_until(&p->by_client, n, last);
	if (u > *until)
		*until = u;
	if (*until <= now)
		*until = 0;
	return E_OK;
}

/* Append an audit row, logging (not failing) when it cannot be written. */
static void audit(struct db *db, int64_t now, enum signin_event kind, const char *username,
		  int64_t user_id, const char *client, const char *user_agent)
{
	if (signin_audit_add(db, now, kind, str(username), user_id, str(client),
			     str(user_agent)) != E_OK)
		log_error("sign-in audit: %s row not written", signin_event_name(kind));
}

/* Verify password against stored through the gate; *busy when no slot was had. */
static bool verify_gated(struct accounts *acc, const char *stored, const char *password,
			 bool *busy)
{
	*busy = !pwgate_enter(acc->gate);
	if (*busy)
		return false;
	bool ok = auth_password_verify(stored, password);
	pwgate_leave(acc->gate);
	return ok;
}

/* What comes after a right password for account a: *second is PENDING_VERIFY (two-factor
 * enabled), PENDING_ENROL (its role requires two-factor, none yet) or PENDING__MAX (nothing:
 * a session). E_DB. */
static enum err second_step(struct db *db, const struct account_row *a,
			    enum pending_purpose *second)
{
	*second = PENDING__MAX;
	bool on = false;
	unsigned required = 0;
	if (twofactor_enabled(db, a->id, &on) != E_OK || twofactor_required(db, &required) != E_OK)
		return E_DB;
	int role = role_parse(a->role);
	if (on)
		*second = PENDING_VERIFY;
	else if (role > ROLE_CITIZEN && (required & ROLE_BIT(role)))
		*second = PENDING_ENROL;
	return E_OK;
}

/* See account.h. */
enum signin_result account_sign_in(struct accounts *acc, struct db *db, const struct clock *c,
				   const struct signin_attempt *at,
				   char token[SESSION_TOKEN_HEX + 1], int64_t *retry_at)
{
	int64_t now = clock_now(c), until;
	const char *username = str(at->username);
	*retry_at = 0;
	if (account_throttled_until(&acc->policy, db, now, username, str(at->client), &until) != E_OK)
		return SIGNIN_ERROR;
	if (until) {
		audit(db, now, SE_THROTTLED, username, 0, at->client, at->user_agent);
		*retry_at = until;
		return SIGNIN_THROTTLED;
	}
	struct account_row a;
	enum err e = account_store_by_username(db, username, &a);
	if (e != E_OK && e != E_NOTFOUND)
		return SIGNIN_ERROR;
	bool found = e == E_OK, busy;
	bool ok = verify_gated(acc, found ? a.password_hash : acc->dummy_hash, str(at->password),
			       &busy);
	if (busy)
		return SIGNIN_BUSY;
	now = clock_now(c);
	if (!found || !ok) {
		audit(db, now, found ? SE_WRONG_PASSWORD : SE_UNKNOWN_USER, username,
		      found ? a.id : 0, at->client, at->user_agent);
		return SIGNIN_BAD;
	}
	if (!a.active) {
		audit(db, now, SE_INACTIVE, username, a.id, at->client, at->user_agent);
		return SIGNIN_INACTIVE;
	}
	enum pending_purpose second;
	if (second_step(db, &a, &second) != E_OK)
		return SIGNIN_ERROR;
	if (db_begin(db) != E_OK)
		return SIGNIN_ERROR;
	e = session_revoke_token(db, at->old_token, now);
	if (second != PENDING__MAX) {
		if (e == E_OK)
			e = pending_begin(db, a.id, second, now, token);
		if (e == E_OK)
			e = db_commit(db);
		else
			db_rollback(db);
		if (e != E_OK)
			return SIGNIN_ERROR;
		return second == PENDING_VERIFY ? SIGNIN_CODE : SIGNIN_ENROL;
	}
	if (e == E_OK)
		e = session_start(db, &acc->policy, c, a.id, at->client, at->user_agent, token, NULL);
	if (e == E_OK)
		e = signin_audit_add(db, now, SE_SUCCESS, username, a.id, str(at->client),
				     str(at->user_agent));
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e != E_OK)
		return SIGNIN_ERROR;
	accounts_maybe_sweep(acc, db, c);
	return SIGNIN_OK;
}

/* See account.h. */
enum err account_sign_out(struct db *db, const struct clock *c, const char *token,
			  int64_t user_id, const char *username, const char *client,
			  const char *user_agent)
{
	int64_t now = clock_now(c);
	enum err e = db_begin(db);	/* the revocation and its audit row, or neither */
	if (e != E_OK)
		return e;
	e = session_revoke_token(db, token, now);
	if (e == E_OK && user_id > 0)
		e = signin_audit_add(db, now, SE_SIGN_OUT, str(username), user_id, str(client),
				     str(user_agent));
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	return e;
}

/* True when pw is valid UTF-8 of PASSWORD_MIN characters to PASSWORD_MAX bytes (the rules of
 * auth_password_hash, checked before taking a hashing slot). */
static bool password_acceptable(const char *pw)
{
	size_t len = strlen(pw);
	if (len > PASSWORD_MAX)
		return false;
	return utf8_valid(pw, len) && utf8_length(pw, len) >= PASSWORD_MIN;
}

/* See account.h. */
enum pwchange_result account_change_password(struct accounts *acc, struct db *db,
					     const struct clock *c, int64_t user_id,
					     const char *current, const char *password,
					     const char *confirm, const char *client,
					     const char *user_agent,
					     char token[SESSION_TOKEN_HEX + 1], int64_t *retry_at)
{
	*retry_at = 0;
	struct account_row a;
	if (account_store_by_id(db, user_id, &a) != E_OK)
		return PWCHANGE_ERROR;
	int64_t now = clock_now(c), until;
	if (account_throttled_until(&acc->policy, db, now, a.username, str(client), &until) != E_OK)
		return PWCHANGE_ERROR;
	if (until) {
		audit(db, now, SE_THROTTLED, a.username, a.id, client, user_agent);
		*retry_at = until;
		return PWCHANGE_THROTTLED;
	}
	password = str(password);
	if (strcmp(password, str(confirm)))
		return PWCHANGE_MISMATCH;
	if (!password_acceptable(password))
		return PWCHANGE_WEAK;
	if (!pwgate_enter(acc->gate))
		return PWCHANGE_BUSY;
	bool ok = auth_password_verify(a.password_hash, str(current));
	char hash[128];
	enum err e = ok ? auth_password_hash(password, hash) : E_OK;
	pwgate_leave(acc->gate);
	now = clock_now(c);
	if (!ok) {
		audit(db, now, SE_WRONG_PASSWORD, a.username, a.id, client, user_agent);
		return PWCHANGE_WRONG_CURRENT;
	}
	if (e == E_INVALID)
		return PWCHANGE_WEAK;
	if (e != E_OK)
		return PWCHANGE_BUSY;
	if (db_begin(db) != E_OK) {
		sodium_memzero(hash, sizeof(hash));
		return PWCHANGE_ERROR;
	}
	e = account_store_set_password(db, a.id, hash);
	sodium_memzero(hash, sizeof(hash));
	if (e == E_OK)
		e = session_store_revoke_user(db, a.id, now);
	if (e == E_OK)
		e = session_start(db, &acc->policy, c, a.id, client, user_agent, token, NULL);
	if (e == E_OK)
		e = signin_audit_add(db, now, SE_PASSWORD_CHANGE, a.username, a.id, str(client),
				     str(user_agent));
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	return e == E_OK ? PWCHANGE_OK : PWCHANGE_ERROR;
}

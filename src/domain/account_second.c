/* account_second.c - the second step of a staff sign-in (docs/two-factor.md): the code page
 * after a right password, and the session that starts once a forced enrolment is confirmed. */
#include "motcua/account.h"

#include <string.h>

#include "motcua/log.h"
#include "motcua/twofactor.h"

/* Append an audit row, logging (not failing) when it cannot be written. */
static void audit(struct db *db, int64_t now, enum signin_event kind, const char *username,
		  int64_t user_id, const char *client, const char *user_agent)
{
	if (signin_audit_add(db, now, kind, username, user_id, client ? client : "",
			     user_agent ? user_agent : "") != E_OK)
		log_error("sign-in audit: %s row not written", signin_event_name(kind));
}

/* End pending sign-in pending_id and start a session of a (token), with the success row, in
 * one transaction. E_NOTFOUND when the pending sign-in was used meanwhile. */
static enum err open_session(struct accounts *acc, struct db *db, const struct clock *c,
			     const struct account_row *a, int64_t pending_id, const char *client,
			     const char *user_agent, char token[SESSION_TOKEN_HEX + 1])
{
	int64_t now = clock_now(c);
	if (db_begin(db) != E_OK)
		return E_DB;
	bool used = false;
	enum err e = pending_store_use(db, pending_id, now, &used);
	if (e == E_OK && !used)
		e = E_NOTFOUND;
	if (e == E_OK)
		e = session_start(db, &acc->policy, c, a->id, client, user_agent, token, NULL);
	if (e == E_OK)
		e = signin_audit_add(db, now, SE_SUCCESS, a->username, a->id, client ? client : "",
				     user_agent ? user_agent : "");
	if (e == E_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e == E_OK)
		accounts_maybe_sweep(acc, db, c);
	return e;
}

/* See account.h. */
enum signin_result account_second_step(struct accounts *acc, struct db *db,
				       const struct clock *c, const unsigned char *key,
				       const char *pending, const char *code, const char *client,
				       const char *user_agent, char token[SESSION_TOKEN_HEX + 1],
				       int64_t *retry_at, bool *recovery)
{
	*retry_at = 0;
	*recovery = false;
	int64_t now = clock_now(c), until = 0;
	struct pending_row p;
	enum err e = pending_resolve(db, pending, now, &p);
	if (e == E_NOTFOUND || (e == E_OK && p.purpose != PENDING_VERIFY))
		return SIGNIN_EXPIRED;
	struct account_row a;
	if (e != E_OK || account_store_by_id(db, p.user_id, &a) != E_OK)
		return SIGNIN_ERROR;
	if (account_throttled_until(&acc->policy, db, now, a.username, client ? client : "",
				    &until) != E_OK)
		return SIGNIN_ERROR;
	if (until) {
		audit(db, now, SE_THROTTLED, a.username, a.id, client, user_agent);
		*retry_at = until;
		return SIGNIN_THROTTLED;
	}
	bool ok = false;
	if (twofactor_check(db, key, a.id, code, now, &ok, recovery) != E_OK)
		return SIGNIN_ERROR;
	if (!ok) {
		/* a wrong code counts as a failed sign-in of the account (throttle) */
		audit(db, now, SE_WRONG_PASSWORD, a.username, a.id, client, user_agent);
		if (pending_store_fail(db, p.id) != E_OK)
			return SIGNIN_ERROR;
		return SIGNIN_BAD;
	}
	if (!a.active) {
		audit(db, now, SE_INACTIVE, a.username, a.id, client, user_agent);
		return SIGNIN_INACTIVE;
	}
	e = open_session(acc, db, c, &a, p.id, client, user_agent, token);
	return e == E_OK ? SIGNIN_OK : e == E_NOTFOUND ? SIGNIN_EXPIRED : SIGNIN_ERROR;
}

/* See account.h. */
enum err account_enrolled(struct accounts *acc, struct db *db, const struct clock *c,
			  int64_t user_id, int64_t pending_id, const char *client,
			  const char *user_agent, char token[SESSION_TOKEN_HEX + 1])
{
	struct account_row a;
	enum err e = account_store_by_id(db, user_id, &a);
	if (e != E_OK)
		return e == E_NOTFOUND ? E_NOTFOUND : E_DB;
	if (!a.active)
		return E_NOTFOUND;
	return open_session(acc, db, c, &a, pending_id, client, user_agent, token);
}

/* See account.h. */
enum err account_pending(struct db *db, const char *token, int64_t now, struct pending_row *p,
			 char username[65])
{
	enum err e = pending_resolve(db, token, now, p);
	if (e != E_OK)
		return e;
	struct account_row a;
	e = account_store_by_id(db, p->user_id, &a);
	if (e != E_OK)
		return e;
	if (!a.active)
		return E_NOTFOUND;
	memcpy(username, a.username, sizeof(a.username));
	return E_OK;
}

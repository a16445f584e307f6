/* account.h - sign-in, sessions, sign-out and change of password (docs/accounts.md).
 * Session tokens are 32 random bytes, sent to the browser as 64 hex digits and stored only as
 * their BLAKE2b-256 hash. Every expiry decision takes a struct clock so tests pin time. */
#ifndef MOTCUA_ACCOUNT_H
#define MOTCUA_ACCOUNT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/account_store.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/pwgate.h"
#include "motcua/twofactor_store.h"

#define SESSION_TOKEN_HEX 64	/* characters of a cookie token */

/* Refuse attempts without hashing once `failures` failures happened within window_s: until the
 * last failure plus base_delay_s doubled for each failure beyond the threshold, at most
 * max_delay_s. */
struct throttle_policy {
	int64_t failures;
	int64_t window_s;
	int64_t base_delay_s;
	int64_t max_delay_s;
};

struct account_policy {
	int64_t idle_s;		/* a session unused this long is dead */
	int64_t absolute_s;	/* a session this old is dead whatever its use */
	int64_t touch_s;	/* last_seen is written at most this often */
	int64_t keep_s;		/* session rows are deleted this long after their absolute expiry */
	int64_t sweep_every_s;	/* sign-ins sweep old session rows at most this often */
	struct throttle_policy by_account;	/* per username as typed */
	struct throttle_policy by_client;	/* per client address */
	struct throttle_policy registrations;	/* registration attempts per client address */
};

/* Defaults for a clerk's working day: idle 30 min, absolute 12 h, touch 60 s, rows kept 7 days
 * after their absolute expiry and swept at most hourly; 5 failures per account or 20 per
 * address in 15 min, then 30 s doubling up to 15 min; 10 registrations per address in an
 * hour, then 10 min doubling up to an hour. */
void account_policy_default(struct account_policy *p);

/* Process-wide sign-in state: the policy, the Argon2id gate and the dummy hash verified for
 * unknown accounts (so they cost the same time as a wrong password). */
struct accounts {
	struct account_policy policy;
	struct pwgate *gate;
	char dummy_hash[128];
	_Atomic int64_t next_sweep;	/* no sweep on sign-in before this instant */
};

/* Fill acc with policy and gate (taken: freed by accounts_free) and a fresh dummy Argon2id
 * hash. E_LIMIT when hashing cannot get its memory. */
enum err accounts_init(struct accounts *acc, const struct account_policy *policy,
		       struct pwgate *gate);
void accounts_free(struct accounts *acc);

/* True when session s is usable at now: not revoked, before its absolute expiry and used
 * within idle_s. (The account's own state is checked by session_resolve.) */
bool session_alive(const struct account_policy *p, const struct session_row *s, int64_t now);
/* Instant before which a key with `failures` failures, the last at `last`, is refused; 0 when
 * it is not throttled. */
int64_t throttle_until(const struct throttle_policy *t, int64_t failures, int64_t last);

/* The live session of the cookie token (64 hex digits) and its account, writing last_seen when
 * it is touch_s old. E_NOTFOUND for a malformed, unknown, revoked or expired token or an
 * inactive account; E_DB on storage failure. */
enum err session_resolve(struct db *db, const struct account_policy *p, const struct clock *c,
			 const char *token, struct session_row *s, struct account_row *a);
/* Start a session for user_id: token receives the cookie value (65 bytes with NUL), *id (may
 * be NULL) the row id. Call inside a transaction when it goes with other writes. */
enum err session_start(struct db *db, const struct account_policy *p, const struct clock *c,
		       int64_t user_id, const char *client, const char *user_agent,
		       char token[SESSION_TOKEN_HEX + 1], int64_t *id);
/* Revoke the session whose cookie value is token at now (E_OK and nothing done for a
 * malformed or unknown token). */
enum err session_revoke_token(struct db *db, const char *token, int64_t now);
/* The live sessions of user_id, newest use first (*rows freed by the caller). */
enum err session_list(struct db *db, const struct account_policy *p, const struct clock *c,
		      int64_t user_id, struct session_row **rows, int *n);

/* Delete the session rows whose absolute expiry is more than keep_s before now (revoked and
 * expired ones are dead long before; sign-in history stays in signin_audit). *deleted
 * (may be NULL) receives how many. */
enum err session_sweep(struct db *db, const struct account_policy *p, const struct clock *c,
		       int64_t *deleted);
/* session_sweep when sweep_every_s has passed since the last one of this process (one thread
 * wins; the others go on). Called after each successful sign-in and at start-up. */
void accounts_maybe_sweep(struct accounts *acc, struct db *db, const struct clock *c);

/* Who is trying, from where. Strings may be NULL (stored as ""). */
struct signin_attempt {
	const char *username;	/* as typed */
	const char *password;
	const char *client;	/* client address (the throttling key) */
	const char *user_agent;
	const char *old_token;	/* the browser's current session cookie, revoked on success */
};

enum signin_result {
	SIGNIN_OK,		/* token set */
	SIGNIN_BAD,		/* unknown account or wrong password: one answer for both */
	SIGNIN_INACTIVE,	/* right password, account disabled */
	SIGNIN_THROTTLED,	/* too many failures: *retry_at says when to try again */
	SIGNIN_BUSY,		/* no hashing slot within the wait: answer 503 */
	SIGNIN_ERROR,		/* storage failure (logged) */
	/* Password right, second step to come (docs/two-factor.md): token holds a pending
	 * sign-in token (twofactor.h), not a session. */
	SIGNIN_CODE,		/* two-factor enabled: ask the code */
	SIGNIN_ENROL,		/* the role requires two-factor and the account has none: enrol */
	SIGNIN_EXPIRED,		/* second step: the pending sign-in is unknown, used or expired */
};

/* Check throttling (no hashing when throttled), verify the password through the gate (the
 * dummy hash for an unknown account), record the outcome in the audit table and on success
 * start a new session (revoking old_token's) whose cookie value goes to token. An account with
 * two-factor enabled, or whose role requires it (twofactor_required), gets no session: old_token
 * is revoked, a pending sign-in starts (its token in token) and the answer is SIGNIN_CODE or
 * SIGNIN_ENROL; the success row is written when the session starts (account_second_step,
 * account_enrolled). */
enum signin_result account_sign_in(struct accounts *acc, struct db *db, const struct clock *c,
				   const struct signin_attempt *at,
				   char token[SESSION_TOKEN_HEX + 1], int64_t *retry_at);
/* The instant before which username (as typed) or client may not try again (0 when free):
 * the throttle of sign-ins, shared by the second step. E_DB. */
enum err account_throttled_until(const struct account_policy *p, struct db *db, int64_t now,
				 const char *username, const char *client, int64_t *until);

/* The second step of a sign-in (docs/two-factor.md): pending is the pending sign-in token,
 * code a TOTP code or a recovery code. Throttled like passwords (a wrong code is a
 * wrong_password row of the account; PENDING_FAILURES_MAX wrong codes end the pending
 * sign-in). SIGNIN_OK: the session's cookie value in token; SIGNIN_BAD a wrong code;
 * SIGNIN_EXPIRED the pending sign-in is gone (sign in again); SIGNIN_INACTIVE the account was
 * disabled meanwhile; SIGNIN_THROTTLED (*retry_at); SIGNIN_ERROR. *recovery says whether a
 * recovery code was used. */
enum signin_result account_second_step(struct accounts *acc, struct db *db,
				       const struct clock *c, const unsigned char *key,
				       const char *pending, const char *code, const char *client,
				       const char *user_agent, char token[SESSION_TOKEN_HEX + 1],
				       int64_t *retry_at, bool *recovery);
/* After enrolment confirmed under the pending sign-in pending_id of user_id: end the pending
 * sign-in and start the session (token), with its success audit row, in one transaction.
 * E_NOTFOUND when the pending sign-in was used meanwhile, E_DB. */
enum err account_enrolled(struct accounts *acc, struct db *db, const struct clock *c,
			  int64_t user_id, int64_t pending_id, const char *client,
			  const char *user_agent, char token[SESSION_TOKEN_HEX + 1]);

/* The account of a live pending sign-in token (pending_resolve) with its username (65 bytes).
 * E_NOTFOUND, E_DB. */
enum err account_pending(struct db *db, const char *token, int64_t now, struct pending_row *p,
			 char username[65]);

/* Revoke the session of token (any state) and record a sign_out for the account (user_id 0
 * and username NULL when unknown), in one transaction: both or neither (E_DB). */
enum err account_sign_out(struct db *db, const struct clock *c, const char *token,
			  int64_t user_id, const char *username, const char *client,
			  const char *user_agent);

enum pwchange_result {
	PWCHANGE_OK,		/* token holds the new session's cookie value */
	PWCHANGE_WRONG_CURRENT,	/* counted as a wrong_password failure */
	PWCHANGE_MISMATCH,	/* password and confirm differ */
	PWCHANGE_WEAK,		/* shorter than PASSWORD_MIN characters or longer than the max */
	PWCHANGE_THROTTLED,
	PWCHANGE_BUSY,
	PWCHANGE_ERROR,
};

/* Change the password of account user_id after checking the current one (throttled like a
 * sign-in). On success every session of the account is revoked and a fresh one started (its
 * cookie value in token); the change is audited. */
enum pwchange_result account_change_password(struct accounts *acc, struct db *db,
					     const struct clock *c, int64_t user_id,
					     const char *current, const char *password,
					     const char *confirm, const char *client,
					     const char *user_agent,
					     char token[SESSION_TOKEN_HEX + 1], int64_t *retry_at);

#endif

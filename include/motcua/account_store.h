/* account_store.h - SQL for sign-in: accounts by name or id, sessions and the sign-in audit
 * table (store layer; used by src/domain/session.c and src/domain/account.c). Every function
 * returns E_OK, E_NOTFOUND where stated, or E_DB after logging. */
#ifndef MOTCUA_ACCOUNT_STORE_H
#define MOTCUA_ACCOUNT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"

#define SESSION_HASH_BYTES 32
#define AUDIT_USERNAME_MAX 64
#define AUDIT_AGENT_MAX 120
#define AUDIT_CLIENT_MAX 63

/* Kinds of sign-in audit rows; the names are the schema's CHECK list (signin_audit.kind). */
enum signin_event {
	SE_SUCCESS,
	SE_UNKNOWN_USER,
	SE_WRONG_PASSWORD,
	SE_THROTTLED,
	SE_INACTIVE,
	SE_SIGN_OUT,
	SE_PASSWORD_CHANGE,
	SE_REGISTER,		/* an account was registered (POST /dang-ky) */
	SE_REGISTER_REFUSED,	/* registration refused: ID number, tax code or email taken */
	SE__MAX
};

/* Stored name of kind ("success", ...), "?" when out of range. */
const char *signin_event_name(enum signin_event kind);

/* One account as sign-in needs it. */
struct account_row {
	int64_t id;
	char username[65];
	char name[201];
	char role[16];		/* stored name (role_parse) */
	int64_t unit_id;	/* 0 when none */
	char unit_code[64];	/* "" when none */
	char password_hash[128];
	bool active;
};

/* One session row. */
struct session_row {
	int64_t id;
	int64_t user_id;
	int64_t created_at;
	int64_t last_seen;
	int64_t expires_at;
	int64_t revoked_at;	/* 0 while not revoked */
	char client[AUDIT_CLIENT_MAX + 1];
	char user_agent[AUDIT_AGENT_MAX + 1];
};

/* The account with exactly this username; E_NOTFOUND when none. */
enum err account_store_by_username(struct db *db, const char *username, struct account_row *out);
/* The account with this id; E_NOTFOUND when none. */
enum err account_store_by_id(struct db *db, int64_t id, struct account_row *out);
/* How to reach an account and who it is, to prefill forms (strings NUL-terminated, "" when
 * not given). */
struct account_contact {
	char name[201];
	char kind[16];		/* "person" or "organisation" */
	char id_number[16];
	char tax_code[20];
	char phone[24];
	char email[255];
};
/* The contact facts of account id; E_NOTFOUND when none. */
enum err account_store_contact(struct db *db, int64_t id, struct account_contact *out);
/* Replace the password hash of account id. */
enum err account_store_set_password(struct db *db, int64_t id, const char *hash);

/* Insert a session; *id receives its row id. */
enum err session_store_insert(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
			      int64_t user_id, int64_t now, int64_t expires_at, const char *client,
			      const char *user_agent, int64_t *id);
/* The session with this token hash and its account; E_NOTFOUND when none. */
enum err session_store_by_hash(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
			       struct session_row *s, struct account_row *a);
/* Set last_seen of session id to now. */
enum err session_store_touch(struct db *db, int64_t id, int64_t now);
/* Mark the session with this token hash revoked at now (no-op when none or revoked). */
enum err session_store_revoke_hash(struct db *db, const unsigned char hash[SESSION_HASH_BYTES],
				   int64_t now);
/* Mark every unrevoked session of user_id revoked at now. */
enum err session_store_revoke_user(struct db *db, int64_t user_id, int64_t now);
/* Delete every session row (live, revoked or expired) whose absolute expiry is before
 * expired_before; *deleted receives how many (uses index sessions_expiry). */
enum err session_store_sweep(struct db *db, int64_t expired_before, int64_t *deleted);
/* The unrevoked sessions of user_id with expires_at > now and last_seen > seen_after, newest
 * first: *rows (caller frees) and *n. */
enum err session_store_active(struct db *db, int64_t user_id, int64_t now, int64_t seen_after,
			      struct session_row **rows, int *n);

/* Append one row to the sign-in audit (username, client and user_agent are cut to their caps
 * at a UTF-8 boundary; user_id 0 = NULL). */
enum err signin_audit_add(struct db *db, int64_t at, enum signin_event kind, const char *username,
			  int64_t user_id, const char *client, const char *user_agent);
/* Failures (unknown_user, wrong_password) for username with at > since: *count and the
 * time of the last one (*last, 0 when none). */
enum err signin_audit_failures_by_username(struct db *db, const char *username, int64_t since,
					   int64_t *count, int64_t *last);
/* The same per client address. */
enum err signin_audit_failures_by_client(struct db *db, const char *client, int64_t since,
					 int64_t *count, int64_t *last);
/* Time of the last success of username with at > since, 0 when none. */
enum err signin_audit_last_success(struct db *db, const char *username, int64_t since,
				   int64_t *at);

/* Registration attempts (register and register_refused rows) from client since since. */
enum err signin_audit_registrations_by_client(struct db *db, const char *client, int64_t since,
					      int64_t *count, int64_t *last);

#endif

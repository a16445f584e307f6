/* admin_users.h - administration of accounts (issue 10 item 1, docs/admin-users.md): the
 * accounts an administrator sees (staff of their unit subtree, every citizen), staff account
 * creation without a typed password (a one-time link through the outbox), role and unit
 * changes, disable / enable (sessions revoked at once), password reset links, and the use of
 * a link. Every change is recorded with admin_audit_record in its transaction. */
#ifndef MOTCUA_ADMIN_USERS_H
#define MOTCUA_ADMIN_USERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "motcua/account.h"
#include "motcua/clock.h"
#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/idcheck.h"
#include "motcua/role.h"

#define ADMIN_USERS_PAGE 50		/* accounts per page */
#define ADMIN_NAME_MAX 100		/* characters of a full name */
#define PASSWORD_LINK_VALID_S (24 * 3600)
#define PASSWORD_LINK_HEX 64

/* The administrator acting: id and the path of their unit ("/1/": the subtree they manage). */
struct admin_actor {
	int64_t id;
	const char *unit_path;
};

/* The path of the unit of code (into out, size n). E_NOTFOUND, E_DB. */
enum err admin_unit_path(struct db *db, const char *code, char *out, size_t n);

/* A search of the accounts list. */
struct admin_user_query {
	const char *text;	/* matched against name, username, email, phone with diacritics
				   and case ignored; NULL or "" = all */
	const char *role;	/* stored role name or NULL */
	int64_t unit_id;	/* 0 = any unit of the subtree */
	int64_t page;		/* 1-based */
};

/* The accounts of the actor's scope matching q, ADMIN_USERS_PAGE per page: *rows a JSON array
 * of {id, username, name, email, phone, role, unit_code, unit_name, active, totp, password_set,
 * staff}, *total how many match. E_DB. */
enum err admin_users_list(struct db *db, const struct admin_actor *a,
			  const struct admin_user_query *q, json_t **rows, int64_t *total);
/* One account in the actor's scope as the same JSON object; E_NOTFOUND for an unknown id or a
 * staff account of a unit outside the subtree. E_DB. */
enum err admin_user_get(struct db *db, const struct admin_actor *a, int64_t id, json_t **user);
/* The units of the actor's subtree: [{id, code, name, depth}] in tree order. E_DB. */
enum err admin_units(struct db *db, const struct admin_actor *a, json_t **units);

/* The fields of a form, in page order. */
enum admin_field { AF_USERNAME, AF_NAME, AF_EMAIL, AF_PHONE, AF_ROLE, AF_UNIT, AF__MAX };
/* One message key per field (NULL when fine), set by the checks. */
struct admin_errors {
	const char *key[AF__MAX];
};

/* A staff account to create (strings borrowed). email is required (the link goes there), phone
 * optional (normalised by the form layer). */
struct new_staff {
	const char *username, *name, *email, *phone, *role;
	int64_t unit_id;
};
/* The email that carries a password link (strings borrowed): subject and body templates in
 * which "{name}", "{username}" and "{link}" are filled; lang of the message; base_url the
 * public URL without a trailing slash. */
struct link_mail {
	const char *subject, *body, *lang, *base_url;
};

/* Create the account: checks (username 1..64 of [a-z0-9._-], name 1..ADMIN_NAME_MAX
 * characters, email present, role a staff role, unit in the actor's subtree: messages in e),
 * then in one transaction the account (no password), a "set" link valid
 * PASSWORD_LINK_VALID_S, its email in the outbox and the record "user.create". E_INVALID
 * (messages in e), E_CONFLICT (username taken: e says so), E_DB. *id the new account; link
 * (may be NULL) receives the token (tests). */
enum err admin_user_create(struct db *db, const struct admin_actor *a, const struct new_staff *s,
			   const struct link_mail *m, int64_t now, int64_t *id,
			   char link[PASSWORD_LINK_HEX + 1], struct admin_errors *e);
/* Change role and unit of staff account id (role a staff role, unit in the subtree): E_NOTFOUND
 * outside the scope, E_FORBIDDEN for a citizen account or the actor's own account, E_INVALID
 * (e), E_DB. Recorded as "user.update". */
enum err admin_user_change(struct db *db, const struct admin_actor *a, int64_t id,
			   const char *role, int64_t unit_id, int64_t now, struct admin_errors *e);
/* Disable (every session revoked in the same transaction) or enable account id. E_NOTFOUND
 * outside the scope, E_FORBIDDEN for the actor's own account, E_DB. Recorded as
 * "user.disable" / "user.enable". */
enum err admin_user_set_active(struct db *db, const struct admin_actor *a, int64_t id,
			       bool active, int64_t now);
/* Send account id a "reset" link (older links stop working). E_NOTFOUND outside the scope,
 * E_INVALID when the account has no email address, E_DB. Recorded as "user.password_reset". */
enum err admin_user_reset_password(struct db *db, const struct admin_actor *a, int64_t id,
				   const struct link_mail *m, int64_t now,
				   char link[PASSWORD_LINK_HEX + 1]);

/* What a password link is now. */
enum link_state { LINK_OK, LINK_UNKNOWN, LINK_USED, LINK_EXPIRED };
/* The state of token (64 hex digits) at now and its account's username (65 bytes). E_DB. */
enum err password_link_state(struct db *db, const char *token, int64_t now,
			     enum link_state *state, char username[65]);

enum link_result {
	LINKSET_OK,		/* password set, every session of the account revoked */
	LINKSET_GONE,		/* *state says why (unknown, used, expired) */
	LINKSET_WEAK,		/* too short, too long or a common password */
	LINKSET_MISMATCH,	/* confirm differs */
	LINKSET_BUSY,		/* no hashing slot */
	LINKSET_ERROR,
};
/* Choose a password with link token: the registration rules (PASSWORD_MIN characters to
 * PASSWORD_MAX bytes, not in common), Argon2id through the gate, then in one transaction the
 * link used (once: a second use is LINK_USED), the hash, every session revoked and a
 * password_change audit row. An account still disabled stays disabled. */
enum link_result password_link_set(struct accounts *acc, struct db *db, const struct clock *c,
				   const struct pwlist *common, const char *token,
				   const char *password, const char *confirm, const char *client,
				   const char *user_agent, enum link_state *state);

#endif

/* register_store.h - SQL for registration (migrations/0007_registration.sql): the new
 * account row with its identity number or tax code, the duplicate checks, and the email
 * confirmation links. See docs/accounts.md "Registration". */
#ifndef MOTCUA_REGISTER_STORE_H
#define MOTCUA_REGISTER_STORE_H

#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

/* users.kind. */
enum account_kind { ACCOUNT_PERSON, ACCOUNT_ORGANISATION, ACCOUNT_KIND__MAX };
/* Stored names, NULL-terminated: "person", "organisation". */
extern const char *const account_kind_names[];

#define CONFIRM_HASH_BYTES 32	/* BLAKE2b-256 of a confirmation token */

/* A citizen account to insert (strings borrowed; id_number for a person, tax_code for an
 * organisation, the other NULL). */
struct new_account {
	enum account_kind kind;
	const char *username, *name, *id_number, *tax_code, *phone, *email, *lang;
	const char *password_hash;
	int64_t now;
};

/* Which identifier of a registration an existing account already has. */
enum account_taken { TAKEN_NONE, TAKEN_ID, TAKEN_EMAIL, TAKEN_USERNAME };

/* *what: the first identifier of a (ID number or tax code, then email, then username) held by
 * an existing account, or TAKEN_NONE. Call inside the transaction that inserts. E_DB. */
enum err register_store_taken(struct db *db, const struct new_account *a,
			      enum account_taken *what);
/* Insert the account (role citizen, active). E_CONFLICT when a unique column is taken, E_DB.
 * *id receives the new row id. */
enum err register_store_insert(struct db *db, const struct new_account *a, int64_t *id);

/* Store a confirmation link of user_id's address email (token hash), valid until
 * expires_at. E_DB. */
enum err confirm_store_add(struct db *db, int64_t user_id,
			   const unsigned char hash[CONFIRM_HASH_BYTES], const char *email,
			   int64_t now, int64_t expires_at);

/* What using a confirmation link did. */
enum confirm_result {
	CONFIRM_OK,		/* the address is confirmed now */
	CONFIRM_UNKNOWN,	/* no such link */
	CONFIRM_USED,		/* used before */
	CONFIRM_EXPIRED,	/* past expires_at */
	CONFIRM_STALE,		/* the account's address is no longer the one it was sent to */
};

/* Use the link whose token hash is hash at now: on CONFIRM_OK the account's
 * email_confirmed_at and the link's used_at are set. Call inside a transaction. E_DB. */
enum err confirm_store_use(struct db *db, const unsigned char hash[CONFIRM_HASH_BYTES],
			   int64_t now, enum confirm_result *r);

/* The email address of account user_id (owned: caller frees) and when it was confirmed (0
 * when not). E_NOTFOUND, E_DB. */
enum err register_store_email(struct db *db, int64_t user_id, char **email,
			      int64_t *confirmed_at);

#endif

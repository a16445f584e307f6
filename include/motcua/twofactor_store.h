/* twofactor_store.h - SQL of migration 0014 for sign-in security (docs/two-factor.md,
 * docs/admin-users.md): one-time password links, TOTP secrets (encrypted by the caller),
 * recovery codes (hashed by the caller) and pending sign-ins. Store layer: used by
 * src/domain/twofactor.c and src/domain/admin_users.c. Every function returns E_OK, E_NOTFOUND
 * where stated, or E_DB after logging. */
#ifndef MOTCUA_TWOFACTOR_STORE_H
#define MOTCUA_TWOFACTOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"

#define TOKEN_HASH_BYTES 32	/* BLAKE2b-256 of a link token, pending token or recovery code */
#define TOTP_BOX_MAX 128	/* bytes of an encrypted secret (nonce + MAC + secret) */

/* password_links.purpose: a new account's first password, or a reset. */
enum password_link_purpose { PL_SET, PL_RESET, PL__MAX };
/* signin_pending.purpose: a code is asked, or enrolment is required first. */
enum pending_purpose { PENDING_VERIFY, PENDING_ENROL, PENDING__MAX };
/* Stored names ("set", "reset"; "verify", "enrol"), NULL-terminated. */
extern const char *const password_link_purpose_names[];
extern const char *const pending_purpose_names[];

/* Store a password link of user_id (older unused links of the account are marked used at
 * now, so only the newest works). created_by 0 = NULL. */
enum err password_link_store_add(struct db *db, int64_t user_id, enum password_link_purpose p,
				 const unsigned char hash[TOKEN_HASH_BYTES], int64_t created_by,
				 int64_t now, int64_t expires_at);
/* The link of hash: *user_id, *expires_at, *used_at (0 when unused). E_NOTFOUND. */
enum err password_link_store_get(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
				 int64_t *user_id, int64_t *expires_at, int64_t *used_at);
/* Mark the link of hash used at now when it is still unused; *changed says whether it was. */
enum err password_link_store_use(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
				 int64_t now, bool *changed);

/* The TOTP row of user_id: the encrypted secret (box, *box_len), *enabled_at (0 while
 * enrolment is unconfirmed) and *last_step. E_NOTFOUND. */
enum err totp_store_get(struct db *db, int64_t user_id, unsigned char box[TOTP_BOX_MAX],
			size_t *box_len, int64_t *enabled_at, int64_t *last_step);
/* Start (or restart) enrolment of user_id with an encrypted secret: replaces any row. */
enum err totp_store_put(struct db *db, int64_t user_id, const unsigned char *box, size_t len,
			int64_t now);
/* Confirm enrolment at now with the step of the code that confirmed it. */
enum err totp_store_enable(struct db *db, int64_t user_id, int64_t now, int64_t step);
/* Record the last accepted step, only when it is later than the stored one; *changed false
 * when it was not (the code was used meanwhile). */
enum err totp_store_step(struct db *db, int64_t user_id, int64_t step, bool *changed);
/* Delete the TOTP row and the recovery codes of user_id (reset); *had says whether two-factor
 * was enabled. */
enum err totp_store_delete(struct db *db, int64_t user_id, bool *had);

/* Replace the recovery codes of user_id by n hashes. */
enum err recovery_store_replace(struct db *db, int64_t user_id,
				const unsigned char (*hashes)[TOKEN_HASH_BYTES], int n);
/* Mark the unused code of user_id with this hash used at now; *used false when none. */
enum err recovery_store_use(struct db *db, int64_t user_id,
			    const unsigned char hash[TOKEN_HASH_BYTES], int64_t now, bool *used);
/* How many unused codes user_id has. */
enum err recovery_store_left(struct db *db, int64_t user_id, int64_t *n);

/* A pending sign-in. */
struct pending_row {
	int64_t id, user_id, expires_at, used_at, failures;
	enum pending_purpose purpose;
};
/* Store a pending sign-in of user_id. */
enum err pending_store_add(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
			   int64_t user_id, enum pending_purpose p, int64_t now,
			   int64_t expires_at);
/* The pending sign-in of hash. E_NOTFOUND. */
enum err pending_store_get(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
			   struct pending_row *out);
/* Count one wrong code on pending id. */
enum err pending_store_fail(struct db *db, int64_t id);
/* Mark pending id used at now; *changed false when it was used already. */
enum err pending_store_use(struct db *db, int64_t id, int64_t now, bool *changed);
/* Delete pending rows that expired before `before`. */
enum err pending_store_sweep(struct db *db, int64_t before);

#endif

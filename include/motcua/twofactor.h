/* twofactor.h - two-factor sign-in for staff (issue 10 item 7, docs/two-factor.md): the policy
 * (roles that must use it), TOTP enrolment with recovery codes, checking a code, and the
 * pending sign-in between the password and the code. The TOTP secret is kept encrypted with a
 * key derived from the server key (crypto_secretbox) and shown only while enrolling; recovery
 * codes are kept as BLAKE2b-256 hashes and work once. */
#ifndef MOTCUA_TWOFACTOR_H
#define MOTCUA_TWOFACTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/err.h"
#include "motcua/role.h"
#include "motcua/secret.h"
#include "motcua/totp.h"
#include "motcua/twofactor_store.h"

#define RECOVERY_CODES 10
#define RECOVERY_CODE_CHARS 11		/* "abcde-fghij": 10 base32 letters, 50 bits */
#define PENDING_TOKEN_HEX 64
#define PENDING_VALID_S 300		/* a password is good for a code this long */
#define PENDING_FAILURES_MAX 5		/* wrong codes before the pending sign-in dies */
#define TOTP_SECRET_B32 32		/* characters of the secret in base32 */
#define TWOFACTOR_SETTING "twofactor.required_roles"	/* settings key: "clerk,leader" */
#define TOTP_ISSUER "motcua"

/* ROLE_BIT()s of the roles that must use two-factor (the setting; 0 when none or unset;
 * citizens are never included). E_DB. */
enum err twofactor_required(struct db *db, unsigned *roles);
/* Set the roles (staff roles only: other bits are dropped) by admin actor_id at now, recorded
 * with admin_audit_record ("setting.twofactor") in the same transaction. E_DB. */
enum err twofactor_set_required(struct db *db, unsigned roles, int64_t actor_id, int64_t now);

/* Whether user_id has two-factor enabled. E_DB. */
enum err twofactor_enabled(struct db *db, int64_t user_id, bool *on);

/* Enrolment writes nothing until it is confirmed (a GET never changes the database): the
 * page gets a fresh secret and a ticket, the secret sealed with a key derived from the server
 * key together with the account id and the time; the confirming POST sends the ticket back. */
#define ENROL_TICKET_HEX 192	/* hex digits of a ticket (96 bytes) */
#define ENROL_TICKET_VALID_S 3600

/* A fresh secret of user_id in base32 into secret and its ticket into ticket. */
void twofactor_enrol_offer(const unsigned char key[SERVER_KEY_BYTES], int64_t user_id, int64_t now,
			   char secret[TOTP_SECRET_B32 + 1], char ticket[ENROL_TICKET_HEX + 1]);
/* The secret of a ticket issued to user_id less than ENROL_TICKET_VALID_S before now, in
 * base32; false for a malformed, forged, other account's or old ticket. */
bool twofactor_ticket_secret(const unsigned char key[SERVER_KEY_BYTES], int64_t user_id,
			     const char *ticket, int64_t now, char secret[TOTP_SECRET_B32 + 1]);
/* Confirm enrolment with a ticket and a code of its secret: on success (*ok) the secret is
 * stored encrypted, two-factor is enabled and codes receives RECOVERY_CODES fresh recovery
 * codes (shown once; only their hashes are kept). *ok false for a wrong code. E_NOTFOUND for a
 * ticket that does not open (twofactor_ticket_secret), E_CONFLICT when already enabled, E_DB. */
enum err twofactor_enrol_confirm(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
				 int64_t user_id, const char *ticket, const char *code, int64_t now,
				 bool *ok, char codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1]);
/* Check a code for user_id: a TOTP code (each time step accepted once) or an unused recovery
 * code (then used up). *ok says which passed; *recovery whether it was a recovery code. E_DB. */
enum err twofactor_check(struct db *db, const unsigned char key[SERVER_KEY_BYTES],
			 int64_t user_id, const char *code, int64_t now, bool *ok, bool *recovery);
/* Remove two-factor of user_id (the admin's reset; the user enrols again) by actor_id,
 * recorded with admin_audit_record ("user.twofactor_reset") in the same transaction. *had
 * whether it was enabled. E_DB. */
enum err twofactor_reset(struct db *db, int64_t user_id, const char *username, int64_t actor_id,
			 int64_t now, bool *had);

/* The otpauth:// URI of a secret for an authenticator app (label "motcua:username"), in out
 * (size n). */
void twofactor_uri(const char *username, const char *secret, char *out, size_t n);

/* Normalise a typed recovery code ("ABCDE FGHIJ", "abcde-fghij") into out (10 lower-case
 * letters and digits); false when it is not one. */
bool recovery_code_normal(const char *typed, char out[11]);

/* Start a pending sign-in of user_id for purpose: the token (64 hex digits) into token. */
enum err pending_begin(struct db *db, int64_t user_id, enum pending_purpose purpose, int64_t now,
		       char token[PENDING_TOKEN_HEX + 1]);
/* The live pending sign-in of token: E_NOTFOUND for a malformed, unknown, used or expired
 * one, or one with PENDING_FAILURES_MAX wrong codes. E_DB. */
enum err pending_resolve(struct db *db, const char *token, int64_t now, struct pending_row *out);

#endif

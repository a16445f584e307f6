/* auth.h - accounts and passwords (Argon2id through libsodium's crypto_pwhash_str). */
#ifndef MOTCUA_AUTH_H
#define MOTCUA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "motcua/db.h"
#include "motcua/role.h"

#define PASSWORD_MIN 10		/* characters */
#define PASSWORD_MAX 256	/* bytes */
#define USERNAME_MAX 64

/* Hash a password with Argon2id (interactive limits) into out, a NUL-terminated string of at
 * most 128 bytes. E_INVALID when the password is shorter than PASSWORD_MIN characters or
 * longer than PASSWORD_MAX bytes; E_LIMIT when memory for hashing cannot be had. */
enum err auth_password_hash(const char *password, char out[128]);
/* True when password matches the stored Argon2id string (constant-time in libsodium). */
bool auth_password_verify(const char *stored, const char *password);

/* Create an account. unit_code may be NULL for citizens. E_INVALID (reason in why) for a bad
 * username (1..64 of [a-z0-9._-]), role, unit or password; E_CONFLICT when the username
 * exists; E_DB on storage failure. *id (may be NULL) receives the new row id. */
enum err user_add(struct db *db, const char *username, const char *name, enum role role,
		  const char *unit_code, const char *password, int64_t now, int64_t *id,
		  char *why, unsigned long n);

#endif
